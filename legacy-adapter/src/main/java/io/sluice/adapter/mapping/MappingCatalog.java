package io.sluice.adapter.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.sluice.adapter.change.TableId;

/** Every table mapping of a deployment, loaded and checked together. */
public final class MappingCatalog {

    private final Map<TableId, List<TableMapping>> byTable;

    private MappingCatalog(Map<TableId, List<TableMapping>> byTable) {
        this.byTable = byTable;
    }

    /**
     * Parses and checks the mapping files.
     *
     * @throws MappingDefinitionException naming the file, key and fix of the first problem found
     */
    public static MappingCatalog load(List<MappingSource> sources) {
        Map<TableId, List<TableMapping>> byTable = new LinkedHashMap<>();
        Map<String, String> eventTypes = new HashMap<>();
        for (MappingSource source : sources) {
            for (TableMapping mapping : MappingParser.parse(source, eventTypes)) {
                byTable.computeIfAbsent(mapping.table(), t -> new ArrayList<>()).add(mapping);
            }
        }
        byTable.replaceAll((table, mappings) -> List.copyOf(mappings));
        byTable.values().forEach(MappingCatalog::checkOnePolicy);
        return new MappingCatalog(Map.copyOf(byTable));
    }

    /** Mapping files of one table must not ask for different bad-data policies. */
    private static void checkOnePolicy(List<TableMapping> mappings) {
        TableMapping first = null;
        for (TableMapping mapping : mappings) {
            if (mapping.badData() == null) {
                continue;
            }
            if (first != null && first.badData() != mapping.badData()) {
                throw new MappingDefinitionException(mapping.file(), "bad-data", "is " + mapping.badData() + ", but " + first.file()
                        + " maps " + mapping.table() + " too and says " + first.badData() + "; a table has one policy: make them agree");
            }
            first = first == null ? mapping : first;
        }
    }

    /** @return the bad-data policy the mapping files of this table declare; empty: the relay's {@code sluice.bad-data} applies */
    public Optional<BadDataPolicy> badDataPolicy(TableId table) {
        return mappingsOf(table).stream().map(TableMapping::badData).filter(Objects::nonNull).findFirst();
    }

    /** Every legacy table any mapping reads, child tables of collections included. */
    public Set<TableId> tables() {
        Set<TableId> tables = new java.util.LinkedHashSet<>(byTable.keySet());
        mappings().forEach(m -> m.events().forEach(e -> e.collections().forEach(c -> tables.add(c.table()))));
        return tables;
    }

    /**
     * Every column of one table that some mapping reads: as a mapped table (key, fields, conditions, the parent side of
     * joins) and as the child table of a collection (join columns and element fields). Masked columns count (their
     * fields read them); excluded columns do not.
     *
     * @return the column names, sorted; empty when no mapping reads the table
     */
    public Set<String> columnsRead(TableId table) {
        Set<String> columns = new java.util.TreeSet<>();
        mappingsOf(table).forEach(m -> columns.addAll(m.columns()));
        for (TableMapping mapping : mappings()) {
            mapping.events().forEach(e -> e.collections().stream().filter(c -> c.table().equals(table)).forEach(c -> {
                columns.addAll(c.join().keySet());
                c.fields().stream().map(FieldMapping::column).filter(Objects::nonNull).forEach(columns::add);
            }));
        }
        return columns;
    }

    /**
     * Checks every mapping against the source's live table definitions.
     *
     * @param liveColumns per table the source has (and the relay's user may read): column name → SQL data type
     *                    as {@code information_schema.columns.data_type} gives it ({@code character}, {@code integer}, ...)
     * @return one message per problem, naming the file, the table, column or field, and the fix; empty when all fit
     */
    public List<String> problemsAgainst(Map<TableId, Map<String, String>> liveColumns) {
        List<String> problems = new ArrayList<>();
        for (TableMapping mapping : mappings()) {
            Map<String, String> live = present(mapping.file(), mapping.table(), mapping.columns(), liveColumns, problems);
            for (EventRule event : mapping.events()) {
                fitting(mapping.file(), mapping.table(), event.fields(), live, problems);
                for (Collection collection : event.collections()) {
                    Set<String> childColumns = new java.util.TreeSet<>(collection.join().keySet());
                    collection.fields().forEach(f -> {
                        if (f.column() != null) {
                            childColumns.add(f.column());
                        }
                    });
                    Map<String, String> child = present(mapping.file(), collection.table(), childColumns, liveColumns, problems);
                    fitting(mapping.file(), collection.table(), collection.fields(), child, problems);
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    private static Map<String, String> present(String file, TableId table, Set<String> columns,
            Map<TableId, Map<String, String>> liveColumns,
            List<String> problems) {
        Map<String, String> live = liveColumns.get(table);
        if (live == null) {
            problems.add(file + ": table " + table + " does not exist in the source database, or the relay's user may not read it"
                    + " (check the name's case, or GRANT SELECT ON \"" + table.schema() + "\".\"" + table.table() + "\" TO <relay user>)");
            return Map.of();
        }
        for (String column : columns) {
            if (!live.containsKey(column)) {
                problems.add(
                        file + ": table " + table + " has no column " + column + " (its columns: " + new java.util.TreeSet<>(live.keySet())
                                + "); fix the column name in the mapping");
            }
        }
        return live;
    }

    private static void fitting(String file, TableId table, List<FieldMapping> fields, Map<String, String> live, List<String> problems) {
        for (FieldMapping field : fields) {
            String type = field.column() == null ? null : live.get(field.column());
            if (type != null && field.conversion() != null && !Conversions.accepts(field.conversion(), type)) {
                problems.add(file + ": field " + field.path() + " converts " + table + "." + field.column() + " with '"
                        + Conversions.nameOf(field.conversion()) + "', but the column is " + type
                        + "; use a conversion that fits the column type");
            }
        }
    }

    /**
     * Checks what the rules read from old row images against what the source logs of them.
     *
     * @param oldImages what the source logs of each table's old values (PostgreSQL: the replica identity); tables it
     *                  does not know are not checked
     * @return one line per rule that reads old values the source does not log, naming the table, the rule (file, event,
     *         operation), the columns it needs, what the source logs and the fix; empty when all fit
     */
    public List<String> missingOldValues(io.sluice.adapter.change.OldImages oldImages) {
        List<String> problems = new ArrayList<>();
        for (TableMapping mapping : mappings()) {
            var image = oldImages.of(mapping.table());
            if (image.isEmpty()) {
                continue;
            }
            for (OldValuesNeed need : mapping.oldValuesNeeds()) {
                if (!need.columns().stream().allMatch(image.get()::carries)) {
                    problems.add(need.table() + ": " + need.rule() + " needs the old value" + (need.columns().size() == 1 ? "" : "s")
                            + " of " + need.columns() + ", but the source logs the old values of " + image.get().describeColumns()
                            + " only (" + image.get().identity() + "); run " + image.get().fix());
                }
            }
        }
        return problems;
    }

    /** The mappings of one table (empty if none). */
    public List<TableMapping> mappingsOf(TableId table) {
        return byTable.getOrDefault(table, List.of());
    }

    /** Every mapping. */
    public List<TableMapping> mappings() {
        return byTable.values().stream().flatMap(List::stream).toList();
    }
}
