package io.sluice.relay.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.RelayStatus.State;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.metrics.RelayMetrics;
import io.sluice.relay.position.ConnectOffsetFormat;
import io.sluice.relay.position.ForeignPositionException;
import io.sluice.relay.position.PositionFloor;
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
    MappingsInForce mappings;
    @Inject
    SlotGuard slotGuard;
    @Inject
    javax.sql.DataSource dataSource;
    @Inject
    PublicationColumns publication;
    /** Quarkus's managed executor: renews the lease while the engine runs. */
    @Inject
    ScheduledExecutorService executor;

    private final AtomicReference<DebeziumEngine<?>> engine = new AtomicReference<>();
    private final AtomicReference<Restart> restart = new AtomicReference<>();
    private final Set<TableId> reportedOutside = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * A restart asked by a reload: the mappings it brings, done once the old engine stopped, and once the next run readied
     * the publication for them.
     */
    private record Restart(ChangeRouting routing, CompletableFuture<Void> stopped, CompletableFuture<Void> readied) {
    }

    /**
     * The mappings the next run captures for: a reload's whose restart stopped the engine (the reload makes them the ones in
     * force right after), else empty.
     */
    Optional<ChangeRouting> restarting() {
        Restart pending = restart.get();
        return pending != null && pending.stopped().isDone() ? Optional.of(pending.routing()) : Optional.empty();
    }

    /** Streams until the relay stops or the run fails, or a reload asks for a new run (it returns); see the class comment. */
    void run(ChangeRouting given, SourceDatabase database, Leadership leadership) {
        Restart pending = restart.get();
        ChangeRouting routing = pending != null && pending.stopped().isDone() ? pending.routing() : given;
        // as the leader only: a standby with other mappings (a rolling deployment) must not narrow the leader's publication
        publication.prepare(routing);
        reportedOutside.clear();
        status.outsidePublication(List.of());
        Restart restarting = pending != null && pending.stopped().isDone() && restart.compareAndSet(pending, null) ? pending : null;
        Properties settings = DebeziumSettings.of(config.source(), config.delivery(), database, routing.capturedTables(),
                publication.selection(), publication.managedBySluice(), kafka.bootstrapServers(),
                config.publish().connectionSecurity());
        var children = new SnapshotChildren(routing.catalog()); // an existing order's lines, on day one
        var converter = new ChangeRecordConverter(config.source().name(), settings.getProperty("unavailable.value.placeholder"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> failureMessage = new AtomicReference<>();
        AtomicReference<String> lost = new AtomicReference<>();
        AtomicReference<String> slotLost = new AtomicReference<>();
        SlotWatch slot = new SlotWatch(dataSource, database.family(), config.source().slotName());
        long renewMillis = config.ha().pollInterval().toMillis();
        ScheduledFuture<?> renewal = executor.scheduleWithFixedDelay(() -> {
            renew(leadership, lost);
            watch(slot, slotLost);
            watchPublication();
        }, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        try (EventPublisher publisher = kafka.publisher(config.publish().transactions() ? transactionalId(database) : null)) {
            // after the producer fenced a former leader's open transaction: the positions read are the committed ones
            var floor = new PositionFloor(database.family(), slotGuard.requireStreamable(settings, database).orElse(null));
            PositionWriter positions = config.delivery() == RelayConfig.Delivery.EXACTLY_ONCE
                    ? new PositionWriter(config.source().positionsTopic(), new ConnectOffsetFormat(settings.getProperty("name")), floor)
                    : PositionWriter.atLeastOnce(floor);
            DebeziumEngine<RecordChangeEvent<SourceRecord>> running = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(settings)
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            status.enter(State.STREAMING, null);
                            LOG.infof("Streaming changes of %s from slot %s", database.jdbcUrl(), config.source().slotName());
                            if (restarting != null) {
                                restarting.readied().complete(null);
                            }
                        }
                    })
                    .using((success, message, error) -> {
                        if (!success) {
                            failureMessage.set(message);
                            failure.set(error);
                        }
                    })
                    .notifying(snapshots.observing(
                            new ChangeBatchHandler(converter, () -> mappings.routing().orElse(routing), publisher, status, metrics, ignored,
                                    rows -> children.assemble(dataSource, rows), positions),
                            converter))
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
        Restart asked = restart.get();
        if (asked != null && !asked.stopped().isDone()) {
            asked.stopped().complete(null);
            if (!stopping && slotLost.get() == null) {
                LOG.info("Capture engine stopped for the reloaded mappings; starting it again with the columns they read");
                return;
            }
        }
        if (slotLost.get() != null && !stopping) {
            slotGuard.requireStreamable(settings, database); // throws naming the stored position
            throw new CaptureFailedException("Replication slot " + config.source().slotName() + " " + slotLost.get(), null);
        }
        for (Throwable cause = failure.get(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ForeignPositionException foreign) {
                throw new StartupException(foreign.getMessage()); // the same position would be read again
            }
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

    /**
     * After a reload whose mappings read other columns than the run in progress captures (a column mapped, or no longer
     * mapped), or when a captured table left Sluice's publication: ends that run, so that the next one readies the
     * publication and Debezium's column filter for the reloaded mappings. Returns once the old engine stopped, so nothing
     * is mapped under the new mappings with the old columns.
     *
     * @return done once the next run streams, with the publication readied (the reloaded mappings' columns are captured
     *         from then on);
     *         empty when this instance streams nothing (a standby readies the publication when it takes over) or the
     *         captured columns stay the same
     * @throws SourceUnavailableException when the source cannot be asked or the engine does not stop in time
     */
    Optional<CompletableFuture<Void>> restartFor(ChangeRouting next) {
        if (engine.get() == null || stopping) {
            return Optional.empty();
        }
        ColumnSelection wanted = publication.selectionFor(next);
        Set<TableId> outside = publication.leftPublication();
        if (wanted.equals(publication.selection()) && outside.isEmpty()) {
            return Optional.empty();
        }
        Restart asked = new Restart(next, new CompletableFuture<>(), new CompletableFuture<>());
        if (!restart.compareAndSet(null, asked)) {
            throw new SourceUnavailableException("Another mapping reload is restarting the capture engine; try again", null);
        }
        LOG.infof("The reloaded mappings capture other columns (%s; before: %s%s): restarting the capture engine", wanted,
                publication.selection(), outside.isEmpty() ? "" : "; tables outside the publication: " + outside);
        closeEngine();
        try {
            asked.stopped().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("Interrupted while the capture engine stopped for the reload", e);
        } catch (ExecutionException | TimeoutException e) {
            restart.compareAndSet(asked, null);
            throw new SourceUnavailableException("The capture engine did not stop within 60 s for the reload", e);
        }
        return Optional.of(asked.readied());
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

    /** Runs on the executor while the engine runs: a slot dropped or invalidated meanwhile stops the engine. */
    private void watch(SlotWatch slot, AtomicReference<String> slotLost) {
        String what = slot.lost();
        if (what != null && slotLost.compareAndSet(null, what)) {
            LOG.warnf("Replication slot %s %s while the relay streamed: stopping the capture engine", config.source().slotName(), what);
            closeEngine();
        }
    }

    /**
     * Runs on the executor while the engine runs: a captured table that left Sluice's publication (a column of its column
     * list dropped with CASCADE) is no longer captured; readiness says so until a reload puts it back.
     */
    private void watchPublication() {
        List<String> sentences = new ArrayList<>();
        for (var table : publication.leftPublication()) {
            String sentence = table + " left publication " + config.source().publicationName() + " while the relay streamed (PostgreSQL"
                    + " removes a table when a column of its column list is dropped with CASCADE, or a DBA removed it): its changes are"
                    + " not captured from then on. Fix its mapping if a mapped column went, reload the mappings (POST"
                    + " /sluice/admin/mappings/reload), which puts the table back, then snapshot the table (POST /sluice/admin/snapshots)"
                    + " to publish the rows changed meanwhile";
            sentences.add(sentence);
            if (reportedOutside.add(table)) {
                LOG.error(sentence);
            }
        }
        status.outsidePublication(sentences);
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
