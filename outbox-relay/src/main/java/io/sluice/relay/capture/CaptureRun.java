package io.sluice.relay.capture;

import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.sluice.relay.capture.RelayStatus.State;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.metrics.RelayMetrics;
import io.sluice.relay.position.ConnectOffsetFormat;
import io.sluice.relay.position.PositionWriter;
import io.sluice.relay.publish.EventPublisher;
import io.sluice.relay.publish.KafkaClients;
import io.sluice.relay.snapshot.SnapshotChildren;
import io.sluice.relay.snapshot.SnapshotProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One capture run, as the leader of the slot: the Debezium engine streaming into the {@link ChangeBatchHandler}, the
 * producer it publishes with, and the renewal of the leader's lease meanwhile. A run ends when the relay stops (it returns)
 * or on a failure (it throws): the lease could not be renewed or another instance fenced the producer
 * ({@link LeadershipLostException}), or the engine failed ({@link CaptureFailedException}).
 */
@ApplicationScoped
public class CaptureRun {

    private static final Logger LOG = Logger.getLogger(CaptureRun.class);

    @Inject
    RelayConfig config;
    @Inject
    RelayStatus status;
    @Inject
    RelayMetrics metrics;
    @Inject
    SnapshotProgress snapshots;
    @Inject
    KafkaClients kafka;
    @Inject
    IgnoredRecords ignored;
    @Inject
    javax.sql.DataSource dataSource;
    /** Quarkus's managed executor: renews the lease while the engine runs. */
    @Inject
    ScheduledExecutorService executor;

    private final AtomicReference<DebeziumEngine<?>> engine = new AtomicReference<>();
    private volatile boolean stopping;

    /** Streams until the relay stops or the run fails; see the class comment. */
    void run(ChangeRouting routing, SourceDatabase database, Leadership leadership) {
        Properties settings = DebeziumSettings.of(config.source(), config.delivery(), database, routing.capturedTables(),
                kafka.bootstrapServers(),
                config.publish().connectionSecurity());
        var children = new SnapshotChildren(routing.catalog()); // an existing order's lines, on day one
        var converter = new ChangeRecordConverter(config.source().name(), settings.getProperty("unavailable.value.placeholder"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> failureMessage = new AtomicReference<>();
        AtomicReference<String> lost = new AtomicReference<>();
        long renewMillis = config.ha().pollInterval().toMillis();
        ScheduledFuture<?> renewal = executor.scheduleWithFixedDelay(() -> renew(leadership, lost), renewMillis, renewMillis,
                TimeUnit.MILLISECONDS);
        try (EventPublisher publisher = kafka.publisher(config.publish().transactions() ? transactionalId(database) : null)) {
            PositionWriter positions = config.delivery() == RelayConfig.Delivery.EXACTLY_ONCE
                    ? new PositionWriter(config.source().positionsTopic(), new ConnectOffsetFormat(settings.getProperty("name")))
                    : PositionWriter.NONE;
            DebeziumEngine<RecordChangeEvent<SourceRecord>> running = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(settings)
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            status.enter(State.STREAMING, null);
                            LOG.infof("Streaming changes of %s from slot %s", database.jdbcUrl(), config.source().slotName());
                        }
                    })
                    .using((success, message, error) -> {
                        if (!success) {
                            failureMessage.set(message);
                            failure.set(error);
                        }
                    })
                    .notifying(snapshots.observing(new ChangeBatchHandler(converter, routing, publisher, status, metrics, ignored,
                            rows -> children.assemble(dataSource, rows), positions), converter))
                    .build();
            engine.set(running);
            if (stopping) {
                return;
            }
            running.run();
        } finally {
            renewal.cancel(false);
            closeEngine();
        }
        if (lost.get() != null) {
            throw new LeadershipLostException(lost.get());
        }
        if (failure.get() != null && EventPublisher.isFencing(failure.get())) {
            throw new LeadershipLostException("Another relay instance took over replication slot " + config.source().slotName()
                    + " and fenced this one's producer (transactional id " + transactionalId(database) + ")");
        }
        if (!stopping) {
            throw new CaptureFailedException(failureMessage.get() != null ? failureMessage.get() : "Capture engine stopped unexpectedly",
                    failure.get());
        }
    }

    /** Ends the run in progress, if any, and any later one before it streams: the relay stops. */
    void stop() {
        stopping = true;
        closeEngine();
    }

    /** The transactional id shared by every instance on this source and slot. */
    private String transactionalId(SourceDatabase database) {
        return TransactionalIds.capture(config, database);
    }

    /** Runs on the executor while the engine runs: a lease that cannot be renewed stops the engine. */
    private void renew(Leadership leadership, AtomicReference<String> lost) {
        try {
            leadership.renew();
        } catch (java.sql.SQLException | RuntimeException e) {
            if (lost.compareAndSet(null, "Lost the leadership of replication slot " + config.source().slotName()
                    + " (its lease could not be renewed: " + e.getMessage() + ")")) {
                LOG.warn(lost.get() + ": stopping the capture engine");
                closeEngine();
            }
        }
    }

    private void closeEngine() {
        DebeziumEngine<?> running = engine.getAndSet(null);
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warnf("Closing the capture engine failed: %s", e.getMessage());
            }
        }
    }
}
