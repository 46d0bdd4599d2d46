package io.sluice.relay;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.event.EventIds;
import io.sluice.adapter.spi.ChangeMapper;
import jakarta.enterprise.context.ApplicationScoped;

/** A Java mapper as a user would add one: the relay finds it as a bean and captures its table. */
@ApplicationScoped
public class StatusCodeMapper implements ChangeMapper {

    @Override
    public Set<TableId> tables() {
        return Set.of(new TableId("OMS", "STSCOD"));
    }

    @Override
    public List<DomainEvent> map(RowChange change, List<RowChange> transaction) {
        String code = change.current().get("STS_CD").toString().strip();
        var data = JsonNodeFactory.instance.objectNode().put("code", code).put("label", change.current().get("STS_DSC").toString().strip());
        return List.of(new DomainEvent(EventIds.of(change, code, "OrderStatusCodeAdded"), "OrderStatusCodeAdded", 1, "reference-data", code,
                EventIds.source(change), change.commitTime(), data, change.position(), null));
    }
}
