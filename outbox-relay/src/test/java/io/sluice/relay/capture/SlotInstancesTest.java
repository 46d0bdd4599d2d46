package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SlotInstancesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(10);

    @Test
    void theLeaderListsItselfFirstAndTheStandbysAfter() {
        List<SlotInstance> listed = SlotInstances.list(List.of(row("b", 12, "standby", 1), row("a", 11, "leader", 0)), "a", true,
                Optional.empty(), LEASE, NOW);

        assertThat(listed).extracting(SlotInstance::name, SlotInstance::role, SlotInstance::self)
                .containsExactly(tuple("a", "leader", true), tuple("b", "standby", false));
    }

    @Test
    void aStandbyFindsTheLeaderByTheSessionThatHoldsTheLock() {
        List<SlotInstance> listed = SlotInstances.list(List.of(row("b", 12, "standby", 0), row("a", 11, "leader", 1)), "b", false,
                Optional.of(leader("a", 11, 1)), LEASE, NOW);

        assertThat(listed).extracting(SlotInstance::name, SlotInstance::role, SlotInstance::self)
                .containsExactly(tuple("a", "leader", false), tuple("b", "standby", true));
    }

    @Test
    void theRoleComesFromTheLockNotFromTheRow() {
        // "a" was fenced: its row still says leader, but "b" holds the lock now (its first beat as leader pending)
        List<SlotInstance> listed = SlotInstances.list(List.of(row("a", 11, "leader", 2), row("b", 12, "standby", 0)), "c", false,
                Optional.of(leader("b", 12, 0)), LEASE, NOW);

        assertThat(listed).extracting(SlotInstance::name, SlotInstance::role).containsExactly(tuple("b", "leader"), tuple("a", "standby"));
        assertThat(listed).allSatisfy(i -> assertThat(i.since()).as("since of a row whose role changed").isNull());
    }

    @Test
    void anInstanceSilentForLongerThanTheLeaseIsGone() {
        List<SlotInstance> listed = SlotInstances.list(List.of(row("a", 11, "leader", 0), row("z", 19, "standby", 11)), "a", true,
                Optional.empty(), LEASE, NOW);

        assertThat(listed).extracting(SlotInstance::name, SlotInstance::role).containsExactly(tuple("a", "leader"), tuple("z", "gone"));
        assertThat(listed.get(1).lastSeen()).isEqualTo(NOW.minusSeconds(11));
    }

    @Test
    void aLockHolderWithoutARowIsListedFromTheLock() {
        List<SlotInstance> listed = SlotInstances.list(List.of(row("b", 12, "standby", 0)), "b", false, Optional.of(leader("old", 7, 3)),
                LEASE, NOW);

        assertThat(listed).extracting(SlotInstance::name, SlotInstance::role, SlotInstance::state, SlotInstance::lastSeen)
                .containsExactly(tuple("old", "leader", null, NOW.minusSeconds(3)), tuple("b", "standby", "STANDBY", NOW));
    }

    @Test
    void aHolderWhoseSessionChangedIsMatchedByName() {
        // "a" restarted with the same name: the lock is held by its new session, its row still has the old one
        List<SlotInstance> listed = SlotInstances.list(List.of(row("a", 11, "leader", 0), row("b", 12, "standby", 0)), "b", false,
                Optional.of(leader("a", 99, 0)), LEASE, NOW);

        assertThat(listed).extracting(SlotInstance::name, SlotInstance::role).containsExactly(tuple("a", "leader"), tuple("b", "standby"));
    }

    @Test
    void sinceIsWhenTheRowTookItsRole() {
        SlotInstances.Row row = new SlotInstances.Row("a", 11, "leader", "STREAMING", true, Duration.ofMinutes(5), Duration.ZERO);

        SlotInstance listed = SlotInstances.list(List.of(row), "a", true, Optional.empty(), LEASE, NOW).get(0);

        assertThat(listed.since()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(listed.paused()).isTrue();
        assertThat(listed.state()).isEqualTo("STREAMING");
    }

    private static SlotInstances.Row row(String name, long session, String role, int silentSeconds) {
        return new SlotInstances.Row(name, session, role, role.equals("leader") ? "STREAMING" : "STANDBY", false, Duration.ofMinutes(1),
                Duration.ofSeconds(silentSeconds));
    }

    private static Leadership.Leader leader(String name, long session, int silentSeconds) {
        return new Leadership.Leader(name, session, Duration.ofSeconds(silentSeconds));
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
