package io.sluice.relay.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists the relay instances of one replication slot from their rows in {@code sluice.relay_instance} and the slot's
 * leadership lock. The role comes from the lock, never from what a row says: the leader is this instance while it holds
 * the lock, else the row of the session that holds it; a row not renewed for longer than the lease timeout is
 * {@link SlotInstance#GONE gone}. A lock holder without a row (a relay version that keeps none) is listed with what the lock
 * tells.
 */
final class SlotInstances {

    /** One row of {@code sluice.relay_instance}; ages are measured on the source's clock, so the machines' clocks do not matter. */
    record Row(String instance, long sessionId, String role, String state, boolean paused, Duration age, Duration silentFor) {
    }

    private static final Comparator<SlotInstance> ORDER = Comparator
            .comparing((SlotInstance i) -> List.of(SlotInstance.LEADER, SlotInstance.STANDBY, SlotInstance.GONE).indexOf(i.role()))
            .thenComparing(SlotInstance::name);

    private SlotInstances() {
    }

    /**
     * @param rows        the slot's rows
     * @param self        this instance's name
     * @param selfLeads   whether this instance holds the lock
     * @param otherLeader the lock's holder as a standby sees it; empty when this instance leads or the lock is free
     * @param staleAfter  silence after which an instance is gone (the lease timeout)
     * @param now         this machine's time, to turn the rows' ages into instants
     */
    static List<SlotInstance> list(List<Row> rows, String self, boolean selfLeads, Optional<Leadership.Leader> otherLeader,
            Duration staleAfter, Instant now) {
        Optional<Row> leaderRow = otherLeader.flatMap(l -> rows.stream().filter(r -> r.sessionId() == l.backendPid()).findFirst()
                .or(() -> rows.stream().filter(r -> r.instance().equals(l.instance())).findFirst())); // the holder's first beat pending
        List<SlotInstance> instances = new ArrayList<>();
        for (Row row : rows) {
            boolean isSelf = row.instance().equals(self);
            boolean leads = isSelf ? selfLeads : leaderRow.filter(row::equals).isPresent();
            String role = leads
                    ? SlotInstance.LEADER
                    : row.silentFor().compareTo(staleAfter) > 0 ? SlotInstance.GONE : SlotInstance.STANDBY;
            // "since" is when the row last changed role: a row whose role disagrees with the lock has no known start
            Instant since = role.equals(row.role()) ? now.minus(row.age()) : null;
            instances.add(new SlotInstance(row.instance(), role, row.state(), row.paused(), since, now.minus(row.silentFor()), isSelf));
        }
        if (leaderRow.isEmpty() && otherLeader.isPresent()) {
            Leadership.Leader leader = otherLeader.get();
            instances.add(new SlotInstance(leader.instance(), SlotInstance.LEADER, null, false, null, now.minus(leader.silentFor()),
                    false));
        }
        instances.sort(ORDER);
        return List.copyOf(instances);
    }
}
