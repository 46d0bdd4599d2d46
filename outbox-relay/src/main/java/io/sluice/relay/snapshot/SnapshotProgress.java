package io.sluice.relay.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.ChangeRecordConverter;
import io.sluice.relay.capture.DebeziumNotification;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.metrics.RelayMetrics;
import io.sluice.relay.snapshot.TableSnapshot.State;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The progress of incremental snapshots: rows done per table, counted from the snapshot rows whose events Kafka
 * acknowledged; the total expected; rate and ETA; start, completion and failure from Debezium's notifications. Both
 * arrive through the change stream, in order, so a table is reported completed only once every row Debezium read
 * before its completion notification has been published. Logs a progress line per running table every
 * {@code sluice.snapshot.progress-log-interval} and one when a table ends; exposes Micrometer gauges per table.
 *
 * <p>Kept in memory: after a relay restart, a snapshot Debezium resumes (its state is part of the source position)
 * reappears with its id when Debezium next reports on it, marked {@code resumed}.
 */
@ApplicationScoped
public class SnapshotProgress {

    private static final Logger LOG = Logger.getLogger(SnapshotProgress.class);
    /** Finished snapshots kept for the API. */
    private static final int KEPT_FINISHED = 50;

    @Inject
    RelayConfig config;
    @Inject
    RelayMetrics metrics;

    private final Map<String, SnapshotRun> runs = new LinkedHashMap<>();
    /** Quarkus's managed executor: logs the progress. */
    @Inject
    ScheduledExecutorService executor;

    private ScheduledFuture<?> progressLog;

    void onStart(@Observes StartupEvent event) {
        long every = config.snapshot().progressLogInterval().toMillis();
        progressLog = executor.scheduleWithFixedDelay(this::logProgress, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (progressLog != null) {
            progressLog.cancel(false);
        }
    }

    /**
     * Wraps the capture engine's consumer: every record it marks processed (published, acknowledged) is looked at
     * for incremental snapshot rows and Debezium notifications. The consumer itself is unchanged.
     */
    public DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> observing(
            DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer, ChangeRecordConverter converter) {
        return new SnapshotProgressConsumer(consumer, converter, this);
    }

    /** A snapshot was requested; its tables in the order Debezium will scan them, with the rows expected. */
    synchronized SnapshotView register(String id, List<TableSnapshot> tables) {
        SnapshotRun run = new SnapshotRun(id, Instant.now(), false);
        tables.forEach(t -> run.tables.put(t.table, t));
        runs.put(id, run);
        tables.forEach(t -> gauges(t.table));
        forgetOldRuns();
        return run.view(Instant.now());
    }

    /** The id of a snapshot that has not finished, if any. */
    synchronized Optional<String> unfinished() {
        return runs.values().stream().filter(r -> !r.finished()).map(r -> r.id).findFirst();
    }

    /** The snapshot could not be requested (the signal was not written). */
    synchronized void abandon(String id, String why) {
        SnapshotRun run = runs.get(id);
        if (run != null) {
            Instant now = Instant.now();
            run.tables.values().stream().filter(t -> !t.state.terminal()).forEach(t -> t.finish(State.FAILED, now, why));
        }
    }

    public synchronized List<SnapshotView> all() {
        Instant now = Instant.now();
        List<SnapshotView> views = new ArrayList<>(runs.values().stream().map(r -> r.view(now)).toList());
        java.util.Collections.reverse(views); // newest first
        return views;
    }

    public synchronized Optional<SnapshotView> get(String id) {
        return Optional.ofNullable(runs.get(id)).map(r -> r.view(Instant.now()));
    }

    /** Rows of an incremental snapshot of the table were published. */
    synchronized void rowsPublished(TableId table, long rows) {
        TableSnapshot progress = current(table);
        if (progress == null) {
            LOG.debugf("%d incremental snapshot row(s) of %s published outside any snapshot the relay knows of", rows, table);
            return;
        }
        progress.start(Instant.now());
        progress.rowsDone += rows;
    }

    /** Debezium reported on a snapshot; its rows before this notification are published. */
    synchronized void notified(DebeziumNotification notification) {
        if (!notification.isIncrementalSnapshot()) {
            return;
        }
        Instant now = Instant.now();
        SnapshotRun known = runs.get(notification.id());
        SnapshotRun run = known != null ? known : resumed(notification);
        if (run == null) {
            return;
        }
        SnapshotNotifications.apply(run, notification, now);
    }

    /** One line per running table: rows done, total, rate, ETA. */
    synchronized void logProgress() {
        Instant now = Instant.now();
        for (SnapshotRun run : runs.values()) {
            for (TableSnapshot table : run.tables.values()) {
                if (table.state == State.RUNNING) {
                    Double rate = table.rate(now);
                    Long eta = table.etaSeconds(now);
                    Double percent = table.percent();
                    LOG.infof("Incremental snapshot %s: %s %,d of %s rows%s, %,.0f rows/s, ETA %s", run.id, table.table, table.rowsDone,
                            TableSnapshot.expected(table), percent == null ? "" : " (" + percent + " %)", rate == null ? 0.0 : rate,
                            eta == null ? "unknown" : TableSnapshot.seconds(Duration.ofSeconds(eta)));
                }
            }
        }
    }

    /** The latest snapshot's progress of a table, for the gauges. */
    private synchronized TableSnapshot latest(TableId table) {
        TableSnapshot latest = null;
        for (SnapshotRun run : runs.values()) {
            TableSnapshot candidate = run.tables.get(table);
            if (candidate != null) {
                latest = candidate;
            }
        }
        return latest;
    }

    /** The table's place in the oldest snapshot that has not finished it. */
    private TableSnapshot current(TableId table) {
        for (SnapshotRun run : runs.values()) {
            TableSnapshot candidate = run.tables.get(table);
            if (candidate != null && !candidate.state.terminal()) {
                return candidate;
            }
        }
        return null;
    }

    /** A snapshot requested before the relay (re)started, which Debezium goes on with. */
    private SnapshotRun resumed(DebeziumNotification notification) {
        List<String> tables = DebeziumNotification.list(notification.data().get("data_collections"));
        if (notification.id() == null || tables.isEmpty()) {
            return null;
        }
        SnapshotRun run = new SnapshotRun(notification.id(), Instant.now(), true);
        for (String identifier : tables) {
            TableId table = DebeziumNotification.tableOf(identifier);
            if (table != null) {
                run.tables.put(table, new TableSnapshot(table, null, false));
                gauges(table);
            }
        }
        runs.put(run.id, run);
        LOG.infof("Incremental snapshot %s, requested before the relay started, goes on: %s", run.id, run.tables.keySet());
        return run;
    }

    private void gauges(TableId table) {
        metrics.snapshotTable(table.toString(), () -> {
            TableSnapshot latest = latest(table);
            return latest == null ? 0 : latest.rowsDone;
        }, () -> {
            TableSnapshot latest = latest(table);
            return latest == null || latest.rowsTotal == null ? -1 : latest.rowsTotal;
        }, () -> {
            TableSnapshot latest = latest(table);
            return latest != null && !latest.state.terminal() ? 1 : 0;
        });
    }

    private void forgetOldRuns() {
        long finished = runs.values().stream().filter(SnapshotRun::finished).count();
        for (Iterator<SnapshotRun> it = runs.values().iterator(); it.hasNext() && finished > KEPT_FINISHED;) {
            if (it.next().finished()) {
                it.remove();
                finished--;
            }
        }
    }

}
