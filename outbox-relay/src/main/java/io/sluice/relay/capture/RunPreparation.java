package io.sluice.relay.capture;

import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.position.ExactlyOnceCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What each capture run needs before it may lead: Sluice's schema on the source ({@link SourcePreparation}), the mappings
 * checked against the source's tables (at start a misfit stops the relay; on a later run it shows in readiness), the broker reachable ({@link BrokerProbe}), and the Kafka topics and rights of the
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
    MappingsInForce mappings;
    @Inject
    RelayStatus status;
    @Inject
    SourcePreparation source;
    @Inject
    BrokerProbe broker;
    @Inject
    ExactlyOnceCheck exactlyOnce;

    /** Readies the source and checks the broker; throws what the supervisor retries, or a {@link StartupException}. */
    public void prepare(ChangeRouting routing, SourceDatabase database) {
        source.migrate(database);
        try {
            mappings.validated(routing, checks.checkMappingsAgainstSource(routing.catalog()));
        } catch (StartupException e) {
            if (routing.schema() == SchemaChangeCheck.NONE) {
                throw e; // at start: the relay does not start
            }
            // a later run (e.g. after a Kafka outage): the tables changed while the relay streamed; their changes are
            // checked against the definitions validated before, the other tables stream on
            status.schemaChanged("mappings", e.getMessage() + "; fix the mappings and reload them (POST /sluice/admin/mappings/reload)");
        }
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
