package io.sluice.adapter.change;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which old column values the source logs for an update or delete of one table: what the relay found in the
 * source's catalogue (PostgreSQL: the table's replica identity). A column outside it arrives in the before image
 * as null or as its type's default (Debezium fills the columns PostgreSQL did not send), so its value there must
 * never be read.
 *
 * @param identity how the source names the setting, e.g. {@code REPLICA IDENTITY DEFAULT (primary key [PAY_NO])}
 * @param columns  the columns whose old values are logged; null for every column (e.g. {@code REPLICA IDENTITY FULL})
 * @param fix      what makes the source log every old value, e.g. {@code ALTER TABLE "OMS"."PAYMENT" REPLICA IDENTITY FULL;}
 */
public record OldImage(String identity, Set<String> columns, String fix) {

    public OldImage {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(fix, "fix");
        columns = columns == null ? null : Set.copyOf(columns);
    }

    /** An old image holding every column. */
    public static OldImage everyColumn(String identity) {
        return new OldImage(identity, null, "");
    }

    /** Whether the source logs the old value of the column. */
    public boolean carries(String column) {
        return columns == null || columns.contains(column);
    }

    /** The logged columns, sorted, for messages; "every column" for a full image. */
    public String describeColumns() {
        return columns == null ? "every column" : columns.isEmpty() ? "no column" : new TreeSet<>(columns).toString();
    }
}
