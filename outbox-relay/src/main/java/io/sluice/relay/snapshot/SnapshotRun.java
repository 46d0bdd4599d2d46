package io.sluice.relay.snapshot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sluice.adapter.change.TableId;

/** One incremental snapshot request and its tables, in the order Debezium scans them. Guarded by {@link SnapshotProgress}'s lock. */
final class SnapshotRun {

    final String id;
    final Instant requestedAt;
    final boolean resumed;
    final Map<TableId, TableSnapshot> tables = new LinkedHashMap<>();

    SnapshotRun(String id, Instant requestedAt, boolean resumed) {
        this.id = id;
        this.requestedAt = requestedAt;
        this.resumed = resumed;
    }

    boolean finished() {
        return tables.values().stream().allMatch(t -> t.state.terminal());
    }

    String state() {
        if (finished()) {
            return tables.values().stream().anyMatch(t -> t.state == TableSnapshot.State.FAILED) ? "failed" : "completed";
        }
        return tables.values().stream().anyMatch(t -> t.state != TableSnapshot.State.PENDING) ? "running" : "pending";
    }

    /** The table Debezium names (its identifier, {@code schema.table}, possibly prefixed by a catalog). */
    TableSnapshot table(String identifier) {
        if (identifier == null) {
            return null;
        }
        for (TableSnapshot table : tables.values()) {
            String name = table.table.toString();
            if (identifier.equals(name) || identifier.endsWith("." + name)) {
                return table;
            }
        }
        return null;
    }

    SnapshotView view(Instant now) {
        Instant finishedAt = finished()
                ? tables.values().stream().map(t -> t.finishedAt).filter(java.util.Objects::nonNull)
                        .max(Instant::compareTo).orElse(null)
                : null;
        return new SnapshotView(id, state(), requestedAt, finishedAt, resumed, tables.values().stream().map(t -> t.view(now)).toList());
    }
}
