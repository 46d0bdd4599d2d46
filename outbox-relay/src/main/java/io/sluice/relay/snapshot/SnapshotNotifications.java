package io.sluice.relay.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.sluice.relay.capture.DebeziumNotification;
import io.sluice.relay.snapshot.TableSnapshot.State;

/**
 * What each of Debezium's incremental-snapshot notifications does to a snapshot's tables (started, completed, failed,
 * stopped), and the line it logs; applied by {@link SnapshotProgress} under its lock.
 */
final class SnapshotNotifications {

    /** The progress lines keep {@link SnapshotProgress}'s logger. */
    private static final Logger LOG = Logger.getLogger(SnapshotProgress.class);

    private SnapshotNotifications() {
    }

    static void apply(SnapshotRun run, DebeziumNotification notification, Instant now) {
        Map<String, String> data = notification.data();
        switch (notification.type()) {
            case "STARTED" -> LOG.infof("Incremental snapshot %s started: %s", run.id, run.tables.keySet());
            case "IN_PROGRESS" -> {
                TableSnapshot table = run.table(data.get("current_collection_in_progress"));
                if (table != null && table.state == State.PENDING) {
                    table.start(now);
                    LOG.infof("Incremental snapshot %s: %s started (%s rows expected)", run.id, table.table, TableSnapshot.expected(table));
                }
            }
            case "TABLE_SCAN_COMPLETED" -> {
                TableSnapshot table = run.table(data.get("scanned_collection"));
                if (table != null && !table.state.terminal()) {
                    table.rowsScanned = DebeziumNotification.number(data.get("total_rows_scanned"));
                    String status = data.getOrDefault("status", "SUCCEEDED");
                    if (status.equals("SUCCEEDED") || status.equals("EMPTY")) {
                        table.finish(State.COMPLETED, now, null);
                        Double rate = table.rate(now);
                        LOG.infof("Incremental snapshot %s: %s completed, %,d rows in %s (%,.0f rows/s)", run.id, table.table,
                                table.rowsDone,
                                TableSnapshot.seconds(Duration.between(table.startedAt, now)), rate == null ? 0.0 : rate);
                    } else {
                        table.finish(State.FAILED, now, DebeziumNotification.scanFailure(status));
                        LOG.warnf("Incremental snapshot %s: %s failed after %,d rows: %s", run.id, table.table, table.rowsDone,
                                table.problem);
                    }
                }
            }
            case "ABORTED" -> {
                List<String> stopped = DebeziumNotification.list(data.get("data_collections"));
                for (TableSnapshot table : run.tables.values()) {
                    if (!table.state.terminal() && (stopped.isEmpty() || stopped.stream().anyMatch(s -> run.table(s) == table))) {
                        table.finish(State.FAILED, now, "stopped by a stop-snapshot signal");
                    }
                }
                LOG.warnf("Incremental snapshot %s stopped by a stop-snapshot signal", run.id);
            }
            case "COMPLETED" -> {
                run.tables.values().stream().filter(t -> !t.state.terminal())
                        .forEach(t -> t.finish(State.FAILED, now, "Debezium ended the snapshot without reporting on this table"));
                LOG.infof("Incremental snapshot %s finished: %s", run.id, run.state());
            }
            case "PAUSED", "RESUMED" ->
                LOG.infof("Incremental snapshot %s %s", run.id, notification.type().toLowerCase(java.util.Locale.ROOT));
            default -> LOG.debugf("Incremental snapshot %s: notification %s %s", run.id, notification.type(), data);
        }
    }
}
