package io.sluice.relay.capture;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.sluice.relay.capture.SlotMonitor.SlotState;
import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ready while the capture engine streams, the source answers, the slot is active with its retained
 * WAL under budget, changes keep being processed while the source writes WAL, and Kafka answers
 * ({@link ReadinessRules}). The response says why not, and what the relay has done.
 */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

    private static final int BROKER_TIMEOUT_MILLIS = 2000;

    @Inject
    RelayStatus status;
    @Inject
    SlotMonitor slotMonitor;
    @Inject
    BrokerProbe broker;
    @Inject
    RelayConfig config;

    @Override
    public HealthCheckResponse call() {
        Optional<SlotState> slot;
        String slotProblem = null;
        try {
            slot = Optional.of(slotMonitor.state());
        } catch (SlotMonitor.SourceUnreachableException e) {
            slot = Optional.empty();
            slotProblem = e.getMessage();
        }
        List<String> problems = new java.util.ArrayList<>(
                ReadinessRules.problems(status.state(), status.lastProblem(), status.paused(), slot, slotProblem,
                        broker.problem(BROKER_TIMEOUT_MILLIS),
                        status.lastBatchAt(), status.streamingSince(), Instant.now(), config.source().slotName(),
                        new ReadinessRules.Budgets(config.health().maxRetainedWalBytes(), config.health().maxChangeAge())));
        problems.addAll(status.schemaChanges()); // a table whose columns changed under its mapping; the others stream on
        var response = HealthCheckResponse.named("sluice-capture")
                .status(problems.isEmpty())
                .withData("state", status.state().name())
                .withData("instance", String.valueOf(status.instance()))
                .withData("leader", String.valueOf(status.leader()))
                .withData("paused", status.paused())
                .withData("changesRead", status.changesRead())
                .withData("recordsPublished", status.recordsPublished())
                .withData("deadLettered", status.deadLettered());
        slot.filter(SlotState::exists).ifPresent(s -> response.withData("retainedWalBytes", s.retainedBytes())
                .withData("unconfirmedWalBytes", s.unconfirmedBytes()));
        if (!problems.isEmpty()) {
            response.withData("problems", String.join("; ", problems));
        }
        if (status.lastProblem() != null) {
            response.withData("lastProblem", status.lastProblem());
        }
        return response.build();
    }
}
