package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sluice.relay.capture.RelayStatus.State;
import io.sluice.relay.capture.SlotMonitor.SlotState;

class ReadinessRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ReadinessRules.Budgets BUDGETS = new ReadinessRules.Budgets(1_000_000, Duration.ofSeconds(60));
    private static final SlotState HEALTHY = new SlotState(true, true, 50_000, 0);

    @Test
    void aStreamingRelayWithAHealthySlotAndBrokerIsReady() {
        assertThat(problems(State.STREAMING, Optional.of(HEALTHY), Optional.empty(), NOW.minusSeconds(1))).isEmpty();
    }

    @Test
    void anIdleSourceStaysReadyHoweverLongAgoTheLastChangeWas() {
        assertThat(problems(State.STREAMING, Optional.of(HEALTHY), Optional.empty(), NOW.minus(Duration.ofHours(3)))).isEmpty();
    }

    @Test
    void aStalledPipelineIsNotReady() {
        SlotState behind = new SlotState(true, true, 50_000, 4_096);
        assertThat(problems(State.STREAMING, Optional.of(behind), Optional.empty(), NOW.minusSeconds(61)))
                .singleElement().asString().startsWith("stalled: no change processed for 61 s").contains("4096 bytes");
        assertThat(problems(State.STREAMING, Optional.of(behind), Optional.empty(), NOW.minusSeconds(5))).isEmpty();
    }

    @Test
    void retainedWalOverBudgetIsNotReady() {
        SlotState full = new SlotState(true, true, 1_000_001, 0);
        assertThat(problems(State.STREAMING, Optional.of(full), Optional.empty(), NOW)).singleElement().asString()
                .contains("holds back 1000001 bytes").contains("sluice.health.max-retained-wal-bytes");
    }

    @Test
    void aMissingOrInactiveSlotIsNotReady() {
        assertThat(problems(State.STREAMING, Optional.of(new SlotState(false, false, 0, 0)), Optional.empty(), NOW))
                .singleElement().asString().contains("does not exist");
        assertThat(problems(State.STREAMING, Optional.of(new SlotState(true, false, 10, 0)), Optional.empty(), NOW))
                .singleElement().asString().contains("not active");
    }

    @Test
    void anUnreachableSourceOrBrokerIsNotReadyAndSaysWhy() {
        assertThat(
                ReadinessRules.problems(State.STREAMING, null, false, Optional.empty(), "source database unreachable: Connection refused",
                        Optional.of("Kafka broker at k:9092 (kafka.bootstrap.servers) is unreachable"), NOW, NOW, NOW, "sluice", BUDGETS))
                .containsExactly("source database unreachable: Connection refused",
                        "Kafka broker at k:9092 (kafka.bootstrap.servers) is unreachable");
    }

    @Test
    void aRelayThatDoesNotStreamIsNotReady() {
        assertThat(problems(State.RETRYING, Optional.of(HEALTHY), Optional.empty(), NOW)).containsExactly("capture is RETRYING");
    }

    @Test
    void aLostSlotIsNotReadyAndTheOneProblemNamesSlotPositionAndFix() {
        String loss = "Replication slot sluice does not exist (dropped) while the relay's stored position is LSN 0/1A2B3C8: ..."
                + " Fix: POST /sluice/admin/slot/recreate";
        assertThat(ReadinessRules.problems(State.SLOT_LOST, loss, false, Optional.of(new SlotState(false, false, 0, 0)), null,
                Optional.empty(), null, null, NOW, "sluice", BUDGETS)).containsExactly(loss);
    }

    @Test
    void aSlotInvalidatedWhileStreamingIsNotReady() {
        SlotState invalidated = new SlotState(true, false, 0, 0, "replication slot sluice was invalidated");
        assertThat(problems(State.STREAMING, Optional.of(invalidated), Optional.empty(), NOW))
                .contains("replication slot sluice was invalidated");
    }

    @Test
    void aStandbyIsReadyWhileItCouldTakeOverButNotWithoutABroker() {
        // the leader's slot, however far behind, is not the standby's problem
        SlotState leadersSlot = new SlotState(true, true, 5_000_000, 4_096);
        assertThat(problems(State.STANDBY, Optional.of(leadersSlot), Optional.empty(), null)).isEmpty();
        assertThat(problems(State.STANDBY, Optional.of(leadersSlot), Optional.of("Kafka broker at k:9092 is unreachable"), null))
                .containsExactly("Kafka broker at k:9092 is unreachable");
        assertThat(problems(State.STANDBY, Optional.empty(), Optional.empty(), null)).containsExactly("source database unreachable");
    }

    private static java.util.List<String> problems(State state, Optional<SlotState> slot, Optional<String> broker, Instant lastBatch) {
        return ReadinessRules.problems(state, null, false, slot, null, broker, lastBatch, NOW.minus(Duration.ofHours(4)), NOW, "sluice",
                BUDGETS);
    }
}
