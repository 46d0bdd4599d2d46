package io.sluice.relay.capture;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.sluice.adapter.change.TableId;

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

    /** The items of a comma-separated value of the notification's data. */
    public static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Debezium's identifier {@code [catalog.]schema.table} as a table. */
    public static TableId tableOf(String identifier) {
        int last = identifier.lastIndexOf('.');
        if (last <= 0) {
            return null;
        }
        int previous = identifier.lastIndexOf('.', last - 1);
        return new TableId(identifier.substring(previous + 1, last), identifier.substring(last + 1));
    }

    /** A number of the notification's data, or null when it is none. */
    public static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why Debezium ended a table's scan with this status, in the operator's terms. */
    public static String scanFailure(String status) {
        return switch (status) {
            case "NO_PRIMARY_KEY" ->
                "Debezium skipped the table: it has no primary key, and incremental snapshots read tables in key order";
            case "UNKNOWN_SCHEMA" -> "Debezium skipped the table: it does not know the table's schema";
            case "SQL_EXCEPTION" -> "Debezium's query of the table failed; the relay's log (io.debezium at WARN) names the error";
            default -> "Debezium ended the table's scan with status " + status;
        };
    }
}
