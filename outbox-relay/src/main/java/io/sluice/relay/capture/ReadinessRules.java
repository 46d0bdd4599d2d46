package io.sluice.relay.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sluice.relay.capture.SlotMonitor.SlotState;

/**
 * When the relay is not ready, and why: one sentence per problem, for {@code /q/health/ready} and the
 * logs. Pure, so every rule is tested on its own.
 */
final class ReadinessRules {

    record Budgets(long maxRetainedWalBytes, Duration maxChangeAge) {
    }

    private ReadinessRules() {
    }

    /**
     * @param lastProblem   what the relay last reported (for {@code SLOT_LOST}: the loss, the stored position and the fix)
     * @param slot          the slot, or empty with {@code slotProblem} when the source could not be asked
     * @param brokerProblem why Kafka is unreachable, if it is
     * @param lastBatchAt   when the relay last processed a batch (heartbeats included); null if never
     */
    static List<String> problems(RelayStatus.State state, String lastProblem, boolean paused, Optional<SlotState> slot, String slotProblem,
            Optional<String> brokerProblem,
            Instant lastBatchAt, Instant streamingSince, Instant now, String slotName, Budgets budgets) {
        List<String> problems = new ArrayList<>();
        // a standby is ready: it waits to take over, which needs the source and the broker (checked below)
        if (state == RelayStatus.State.SLOT_LOST && lastProblem != null) {
            problems.add(lastProblem);
        } else if (state != RelayStatus.State.STREAMING && state != RelayStatus.State.STANDBY) {
            problems.add("capture is " + state);
        }
        if (paused) {
            problems.add("paused by an operator (POST /sluice/admin/resume)");
        }
        if (slot.isEmpty()) {
            problems.add(slotProblem == null ? "source database unreachable" : slotProblem);
        } else if (state == RelayStatus.State.STREAMING) {
            SlotState s = slot.get();
            if (s.lost() != null) {
                problems.add(s.lost());
            }
            if (!s.exists()) {
                problems.add("replication slot " + slotName + " does not exist");
            } else {
                if (!s.active()) {
                    problems.add("replication slot " + slotName + " is not active (no walsender streams from it)");
                }
                if (s.retainedBytes() > budgets.maxRetainedWalBytes()) {
                    problems.add("replication slot " + slotName + " holds back " + s.retainedBytes()
                            + " bytes of WAL, over the budget of " + budgets.maxRetainedWalBytes()
                            + " (sluice.health.max-retained-wal-bytes)");
                }
                Instant since = lastBatchAt != null ? lastBatchAt : streamingSince;
                if (!paused && since != null && s.unconfirmedBytes() > 0
                        && Duration.between(since, now).compareTo(budgets.maxChangeAge()) > 0) {
                    problems.add("stalled: no change processed for " + Duration.between(since, now).toSeconds() + " s while the source has "
                            + s.unconfirmedBytes() + " bytes of WAL not yet confirmed (budget " + budgets.maxChangeAge().toSeconds()
                            + " s, sluice.health.max-change-age)");
                }
            }
        }
        brokerProblem.ifPresent(problems::add);
        return problems;
    }
}
