package io.sluice.relay.capture;

import java.util.Map;

/**
 * A notification of the Debezium connector about its snapshots (e.g. aggregate type {@code Incremental Snapshot},
 * type {@code TABLE_SCAN_COMPLETED}), as {@link ChangeRecordConverter#notification} reads it from the change stream.
 *
 * @param id            for incremental snapshots: the id of the {@code execute-snapshot} signal
 * @param aggregateType {@code Incremental Snapshot} or {@code Initial Snapshot}
 * @param type          {@code STARTED}, {@code IN_PROGRESS}, {@code TABLE_SCAN_COMPLETED}, {@code COMPLETED}, {@code ABORTED},
 *                      {@code PAUSED}, {@code RESUMED}
 * @param data          the notification's additional data, e.g. {@code scanned_collection}, {@code total_rows_scanned},
 *                      {@code status}
 */
public record DebeziumNotification(String id, String aggregateType, String type, Map<String, String> data) {

    public static final String INCREMENTAL_SNAPSHOT = "Incremental Snapshot";

    public DebeziumNotification {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public boolean isIncrementalSnapshot() {
        return INCREMENTAL_SNAPSHOT.equals(aggregateType);
    }
}
