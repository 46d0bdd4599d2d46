package io.sluice.relay.snapshot;

import java.time.Duration;
import java.time.Instant;

import io.sluice.adapter.change.TableId;

/** The progress of one table in one incremental snapshot. Guarded by {@link SnapshotProgress}'s lock. */
final class TableSnapshot {

    enum State {
        /** Requested; Debezium has not begun with this table (it scans the tables of a request one after the other). */
        PENDING, RUNNING, COMPLETED, FAILED;

        boolean terminal() {
            return this == COMPLETED || this == FAILED;
        }
    }

    final TableId table;
    final Long rowsTotal;
    final boolean totalEstimated;
    State state = State.PENDING;
    long rowsDone;
    Long rowsScanned;
    Instant startedAt;
    Instant finishedAt;
    String problem;

    TableSnapshot(TableId table, Long rowsTotal, boolean totalEstimated) {
        this.table = table;
        this.rowsTotal = rowsTotal;
        this.totalEstimated = totalEstimated;
    }

    void start(Instant now) {
        if (state == State.PENDING) {
            state = State.RUNNING;
            startedAt = now;
        }
    }

    void finish(State end, Instant now, String why) {
        if (startedAt == null) {
            startedAt = now;
        }
        state = end;
        finishedAt = now;
        problem = why;
    }

    /** Rows per second since the table's scan began; null before it began. */
    Double rate(Instant now) {
        if (startedAt == null) {
            return null;
        }
        long millis = Duration.between(startedAt, finishedAt != null ? finishedAt : now).toMillis();
        return rowsDone * 1000.0 / Math.max(millis, 1);
    }

    /** Seconds until the table is done at the current rate; null when unknown (not running, no rate, no total, total passed). */
    Long etaSeconds(Instant now) {
        Double rate = rate(now);
        if (state != State.RUNNING || rate == null || rate <= 0 || rowsTotal == null || rowsDone >= rowsTotal) {
            return null;
        }
        return (long) Math.ceil((rowsTotal - rowsDone) / rate);
    }

    Double percent() {
        if (rowsTotal == null) {
            return null;
        }
        if (rowsTotal == 0) {
            return state == State.COMPLETED ? 100.0 : 0.0;
        }
        return Math.min(100.0, Math.floor(rowsDone * 1000.0 / rowsTotal) / 10.0);
    }

    SnapshotView.TableView view(Instant now) {
        Double rate = rate(now);
        return new SnapshotView.TableView(table.toString(), state.name().toLowerCase(java.util.Locale.ROOT), rowsDone, rowsTotal,
                totalEstimated, percent(), rate == null ? null : Math.round(rate * 10) / 10.0, etaSeconds(now), startedAt, finishedAt,
                rowsScanned, problem);
    }

    static String expected(TableSnapshot table) {
        if (table.rowsTotal == null) {
            return "an unknown number of";
        }
        return (table.totalEstimated ? "~" : "") + String.format("%,d", table.rowsTotal);
    }

    static String seconds(Duration duration) {
        long s = Math.max(0, duration.toSeconds());
        return s >= 3600
                ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : duration.toMillis() < 1000 ? duration.toMillis() + " ms" : s + " s";
    }
}
