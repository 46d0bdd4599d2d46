package io.sluice.relay.capture;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Ready while the capture engine streams; reports the last problem otherwise. */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

    @Inject
    RelayStatus status;
    @Inject
    SlotMonitor slot;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("sluice-capture")
                .status(status.state() == RelayStatus.State.STREAMING)
                .withData("state", status.state().name())
                .withData("changesRead", status.changesRead())
                .withData("recordsPublished", status.recordsPublished())
                .withData("deadLettered", status.deadLettered());
        slot.retainedWalBytes().ifPresent(bytes -> response.withData("retainedWalBytes", bytes));
        if (status.lastProblem() != null) {
            response.withData("lastProblem", status.lastProblem());
        }
        return response.build();
    }
}
