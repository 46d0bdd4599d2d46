package io.sluice.relay;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.event.EventIds;
import io.sluice.adapter.spi.ChangeMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A Java mapper whose rules a test can change while the relay runs, standing in for "the operator fixed the
 * mapping": a row of {@code app.replay_probe} whose code the mapper does not know cannot become an event (it is
 * dead-lettered) until the test {@link #learn}s the code.
 */
@ApplicationScoped
public class ReplayProbeMapper implements ChangeMapper {

    static final TableId TABLE = new TableId("app", "replay_probe");
    static final String TOPIC = "replay-probe.events";

    private final Set<String> knownCodes = ConcurrentHashMap.newKeySet();

    void learn(String code) {
        knownCodes.add(code);
    }

    @Override
    public Set<TableId> tables() {
        return Set.of(TABLE);
    }

    @Override
    public List<DomainEvent> map(RowChange change, List<RowChange> transaction) {
        String key = change.current().get("id").toString();
        String code = change.current().get("code").toString();
        if (!knownCodes.contains(code)) {
            throw new UnmappableChangeException(TABLE, key, change.position(), "code '" + code + "' is unknown to ReplayProbeMapper");
        }
        Object seenOn = change.current().get("seen_on");
        if (seenOn != null && !(seenOn instanceof LocalDate)) { // a replay must give mappers the types the stream gives them
            throw new UnmappableChangeException(TABLE, key, change.position(), "seen_on is a " + seenOn.getClass().getName());
        }
        var data = JsonNodeFactory.instance.objectNode().put("id", key).put("code", code)
                .put("seenOn", seenOn == null ? null : seenOn.toString());
        return List.of(new DomainEvent(EventIds.of(change, key, "ProbeCoded"), "ProbeCoded", 1, "replay-probe", key,
                EventIds.source(change), change.commitTime(), data, change.position(), null));
    }
}
