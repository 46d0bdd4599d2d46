package io.sluice.relay.capture;

import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.position.ExactlyOnceCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What each capture run needs before it may lead: Sluice's schema on the source ({@link SourcePreparation}), the mappings
 * checked against the source's tables, the broker reachable ({@link BrokerProbe}), and the Kafka topics and rights of the
 * delivery in force (exactly-once: {@link ExactlyOnceCheck}; at-least-once: the offset topic). Used by
 * {@link CaptureSupervisor}.
 */
@ApplicationScoped
public class RunPreparation {

    @Inject
    RelayConfig config;
    @Inject
    StartupChecks checks;
    @Inject
    SourcePreparation source;
    @Inject
    BrokerProbe broker;
    @Inject
    ExactlyOnceCheck exactlyOnce;

    /** Readies the source and checks the broker; throws what the supervisor retries, or a {@link StartupException}. */
    public void prepare(ChangeRouting routing, SourceDatabase database) {
        source.migrate(database);
        checks.checkMappingsAgainstSource(routing.catalog());
        broker.requireReachable();
        if (config.delivery() == RelayConfig.Delivery.EXACTLY_ONCE) {
            requireExactlyOnce();
        } else {
            broker.requireOffsetTopic();
        }
    }

    /** What exactly-once delivery needs from Kafka ({@link ExactlyOnceCheck}), or the relay stops saying what to fix. */
    private void requireExactlyOnce() {
        try {
            exactlyOnce.problem(5000).ifPresent(problem -> {
                throw new StartupException(problem);
            });
        } catch (IllegalStateException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }
}
