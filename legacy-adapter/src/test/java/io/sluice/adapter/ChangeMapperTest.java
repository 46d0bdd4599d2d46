package io.sluice.adapter;

import static io.sluice.adapter.Rows.insert;
import static io.sluice.adapter.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.event.EventIds;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.spi.ChangeMapper;

/** Java mappers run beside the declared mappings, for what YAML cannot express. */
class ChangeMapperTest {

    /** A status code table row becomes reference data; the description is upper-case German in the legacy table. */
    static final class StatusCodes implements ChangeMapper {
        @Override
        public Set<TableId> tables() {
            return Set.of(new TableId("OMS", "STSCOD"));
        }

        @Override
        public List<DomainEvent> map(RowChange change, List<RowChange> transaction) {
            String code = change.current().get("STS_CD").toString().strip();
            String label = change.current().get("STS_DSC").toString().strip();
            var data = JsonNodeFactory.instance.objectNode().put("code", code)
                    .put("label", label.charAt(0) + label.substring(1).toLowerCase());
            return List.of(new DomainEvent(EventIds.of(change, code, "OrderStatusCodeAdded"), "OrderStatusCodeAdded", 1,
                    "reference-data", code, EventIds.source(change), change.commitTime(), data, change.position(), null));
        }
    }

    private final LegacyAdapter adapter = new LegacyAdapter(MappingCatalog.load(List.of()), List.of(new StatusCodes()));

    @Test
    void aJavaMapperTurnsItsTablesChangesIntoEvents() {
        List<DomainEvent> events = adapter.apply(insert("OMS.STSCOD", row("STS_CD", "RT", "STS_DSC", "RETOURE")));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("OrderStatusCodeAdded");
            assertThat(e.data().toString()).isEqualTo("{\"code\":\"RT\",\"label\":\"Retoure\"}");
            assertThat(e.id()).isEqualTo(adapter.apply(insert("OMS.STSCOD", row("STS_CD", "RT", "STS_DSC", "RETOURE"))).get(0).id());
        });
    }

    @Test
    void theAdapterCapturesTheMappersTablesAndLeavesOthersAlone() {
        assertThat(adapter.tables()).containsExactly(new TableId("OMS", "STSCOD"));
        assertThat(adapter.apply(insert("OMS.ORDHDR", row("ORD_NO", 1)))).isEmpty();
    }
}
