package io.sluice.adapter.change;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One committed change of one row of a source table.
 *
 * <p>Row images map column names to plain Java values: {@code String}, {@code Short}/{@code Integer}/{@code Long},
 * {@code BigDecimal}, {@code Double}, {@code Boolean}, {@code byte[]}, {@code java.time} values, {@code null},
 * or {@link #UNAVAILABLE} for a value the database did not send (PostgreSQL's unchanged TOASTed columns).
 *
 * @param source     logical name of the source database (e.g. {@code oms})
 * @param before     the row before the change: null for inserts and snapshot reads, and for updates when the
 *                   table's replica identity does not log old values
 * @param after      the row after the change: null for deletes
 * @param commitTime when the source transaction committed
 */
public record RowChange(String source, TableId table, Operation operation,
        Map<String, Object> before, Map<String, Object> after,
        SourcePosition position, Instant commitTime) {

    /** Stands for a column value the source did not send; it must never reach an event. */
    public static final Object UNAVAILABLE = new Object() {
        @Override
        public String toString() {
            return "(unavailable)";
        }
    };

    public RowChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
    }

    /** The image that identifies the row: after, or before for deletes. */
    public Map<String, Object> current() {
        return after != null ? after : before;
    }
}
