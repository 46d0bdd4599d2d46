package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.outbox.OutboxRouter;

/** What the admin operations learn from the mappings in force (the demo's mapping files). */
class ChangeRoutingTest {

    private static final TableId ORDERS = new TableId("OMS", "ORDHDR");
    private static final MappingCatalog CATALOG = MappingFiles.load(Path.of("mappings"));
    private final ChangeRouting routing = new ChangeRouting(CATALOG, new LegacyAdapter(CATALOG), new OutboxRouter(List.of()));

    @Test
    void anEventThatCollectsAnOrdersLinesNamesTheirTable() {
        assertThat(routing.collectedTables(ORDERS, "OrderPlaced")).containsExactly(new TableId("OMS", "ORDLIN"));
    }

    @Test
    void anEventThatCollectsNothingNamesNoTable() {
        assertThat(routing.collectedTables(ORDERS, "OrderStatusChanged")).isEmpty();
    }

    @Test
    void capturedTablesAreTheMappedOnesAndTheirChildren() {
        assertThat(routing.capturedTables()).contains(ORDERS, new TableId("OMS", "ORDLIN"), new TableId("OMS", "CUSTMST"));
    }
}
