package io.sluice.relay.capture;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.Collection;
import io.sluice.adapter.mapping.EventRule;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.TableMapping;

/**
 * Whether a streamed change still fits the table definitions its mappings were validated against (at start, or by the
 * last reload): every column a mapping reads is in the change, with a value of the kind (number, text, date and time,
 * boolean) of the type it had then. A column dropped or renamed while the relay streams is missing from the change;
 * a retyped one ({@code numeric} to {@code text}) carries a value of another kind. Either way the change must not be
 * mapped: the missing value would become a null, the retyped one a value of another shape. Pure: built from the catalogue
 * and the column types the start-up check read.
 */
public final class SchemaChangeCheck {

    /** Before any validation: nothing is known, nothing is checked. */
    public static final SchemaChangeCheck NONE = new SchemaChangeCheck(Map.of(), Map.of());

    /** A mapped column as validated: its table, name, the file that reads it, and its SQL type then. */
    private record MappedColumn(String column, String file, String sqlType, Kind kind) {
    }

    /**
     * A change that does not fit: which column, of which mapping file, and what happened to it.
     *
     * @param reason   for the dead-letter record: table, column, file, what changed and the fix
     * @param sentence for readiness: one sentence naming the table, column, file and the fix
     */
    public record Mismatch(String key, String reason, String sentence) {
    }

    /** What a column's values are, as the capture hands them to mappings; {@code OTHER}: not checked. */
    enum Kind {
        NUMBER, TEXT, TEMPORAL, BOOLEAN, OTHER
    }

    private final Map<TableId, List<MappedColumn>> columns;
    private final Map<TableId, List<String>> keys;

    private SchemaChangeCheck(Map<TableId, List<MappedColumn>> columns, Map<TableId, List<String>> keys) {
        this.columns = columns;
        this.keys = keys;
    }

    /**
     * @param liveColumns   per table, column name → SQL data type ({@code information_schema.columns.data_type}), as
     *                      the mappings were validated against
     * @param decimalAsText whether Debezium hands decimals over as text ({@code decimal.handling.mode=string})
     */
    public static SchemaChangeCheck of(MappingCatalog catalog, Map<TableId, Map<String, String>> liveColumns, boolean decimalAsText) {
        Map<TableId, List<MappedColumn>> columns = new HashMap<>();
        Map<TableId, List<String>> keys = new HashMap<>();
        for (TableMapping mapping : catalog.mappings()) {
            add(columns, mapping.table(), mapping.columns(), mapping.file(), liveColumns, decimalAsText);
            keys.putIfAbsent(mapping.table(), mapping.keyColumns());
            for (EventRule rule : mapping.events()) {
                for (Collection collection : rule.collections()) {
                    Set<String> child = new java.util.TreeSet<>(collection.join().keySet());
                    collection.fields().stream().filter(f -> f.column() != null).forEach(f -> child.add(f.column()));
                    add(columns, collection.table(), child, mapping.file(), liveColumns, decimalAsText);
                }
            }
        }
        columns.replaceAll((table, list) -> List.copyOf(list));
        return new SchemaChangeCheck(Map.copyOf(columns), Map.copyOf(keys));
    }

    private static void add(Map<TableId, List<MappedColumn>> columns, TableId table, Set<String> names, String file,
            Map<TableId, Map<String, String>> liveColumns, boolean decimalAsText) {
        Map<String, String> live = liveColumns.getOrDefault(table, Map.of());
        List<MappedColumn> mapped = columns.computeIfAbsent(table, t -> new ArrayList<>());
        for (String name : names) {
            String type = live.get(name);
            if (type != null && mapped.stream().noneMatch(c -> c.column().equals(name))) {
                mapped.add(new MappedColumn(name, file, type, kindOf(type, decimalAsText)));
            }
        }
    }

    /** The first mapped column the change lacks or carries a value of another kind in; empty when it fits. */
    public Optional<Mismatch> mismatch(RowChange change) {
        List<MappedColumn> mapped = columns.get(change.table());
        Map<String, Object> row = change.current();
        if (mapped == null || row == null) {
            return Optional.empty();
        }
        for (MappedColumn column : mapped) {
            if (!row.containsKey(column.column())) {
                return Optional.of(mismatch(change, "column " + column.column() + " of " + change.table() + ", which " + column.file()
                        + " maps, is not in the change: it was dropped or renamed while the relay streamed; " + fix(column),
                        column, "is gone (dropped or renamed)"));
            }
            Object value = row.get(column.column());
            Kind kind = kindOf(value);
            if (column.kind() != Kind.OTHER && kind != Kind.OTHER && kind != column.kind()) {
                return Optional.of(mismatch(change, "column " + column.column() + " of " + change.table() + ", which " + column.file()
                        + " maps, was retyped while the relay streamed: the mapping was validated against " + column.sqlType()
                        + ", the change carries a " + kind.name().toLowerCase(Locale.ROOT) + " value; " + fix(column),
                        column, "was retyped from " + column.sqlType()));
            }
        }
        return Optional.empty();
    }

    private static String fix(MappedColumn column) {
        return "fix " + column.file() + ", reload it (POST /sluice/admin/mappings/reload) and replay the dead letters";
    }

    private Mismatch mismatch(RowChange change, String reason, MappedColumn column, String what) {
        return new Mismatch(keyOf(change), reason, change.table() + " changed under its mapping: column " + column.column() + " ("
                + column.file() + ") " + what + ", so its changes are dead-lettered until the mapping is fixed and reloaded"
                + " (POST /sluice/admin/mappings/reload)");
    }

    /** The aggregate id as the mapping makes it (trimmed key values joined by {@code :}), or {@code ?} without one. */
    private String keyOf(RowChange change) {
        List<String> keyColumns = keys.get(change.table());
        if (keyColumns == null) {
            return "?";
        }
        StringBuilder key = new StringBuilder();
        for (String column : keyColumns) {
            Object value = change.current().get(column);
            if (value == null || value == RowChange.UNAVAILABLE) {
                return "?";
            }
            key.append(key.length() > 0 ? ":" : "").append(value instanceof String text ? text.strip() : value);
        }
        return key.toString();
    }

    /** The kind of the values the capture gives for a column of this SQL type (PostgreSQL's and MariaDB's names). */
    static Kind kindOf(String sqlType, boolean decimalAsText) {
        return switch (sqlType.toLowerCase(Locale.ROOT)) {
            case "numeric", "decimal" -> decimalAsText ? Kind.OTHER : Kind.NUMBER;
            case "smallint", "integer", "bigint", "real", "double precision", "int", "tinyint", "mediumint", "float", "double" ->
                Kind.NUMBER;
            case "character varying", "character", "text", "uuid", "json", "jsonb", "xml", "varchar", "char", "tinytext",
                    "mediumtext", "longtext", "enum", "set" ->
                Kind.TEXT;
            case "date", "timestamp without time zone", "timestamp with time zone", "time without time zone", "datetime",
                    "timestamp", "time" ->
                Kind.TEMPORAL;
            case "boolean" -> Kind.BOOLEAN;
            default -> Kind.OTHER; // arrays, intervals, money, bytes, user-defined types: their Java shape depends on settings
        };
    }

    static Kind kindOf(Object value) {
        if (value instanceof Number) {
            return Kind.NUMBER;
        }
        if (value instanceof String) {
            return Kind.TEXT;
        }
        if (value instanceof Temporal) {
            return Kind.TEMPORAL;
        }
        return value instanceof Boolean ? Kind.BOOLEAN : Kind.OTHER; // null, UNAVAILABLE, bytes: nothing to tell
    }
}
