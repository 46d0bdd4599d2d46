package io.sluice.adapter.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return new MappingCatalog(Map.copyOf(byTable));
    }

    /** Every legacy table any mapping reads, child tables of collections included. */
    public Set<TableId> tables() {
        Set<TableId> tables = new java.util.LinkedHashSet<>(byTable.keySet());
        mappings().forEach(m -> m.events().forEach(e -> e.collections().forEach(c -> tables.add(c.table()))));
        return tables;
    }

    /**
     * Checks every mapping against the source's live table definitions.
     *
     * @param liveColumns the columns of each table the source has (and the relay's user may read)
     * @return one message per problem, naming the file, the table or column, and the fix; empty when all fit
     */
    public List<String> problemsAgainst(Map<TableId, Set<String>> liveColumns) {
        List<String> problems = new ArrayList<>();
        for (TableMapping mapping : mappings()) {
            check(mapping.file(), mapping.table(), mapping.columns(), liveColumns, problems);
            for (EventRule event : mapping.events()) {
                for (Collection collection : event.collections()) {
                    Set<String> childColumns = new java.util.TreeSet<>(collection.join().keySet());
                    collection.fields().forEach(f -> {
                        if (f.column() != null) {
                            childColumns.add(f.column());
                        }
                    });
                    check(mapping.file(), collection.table(), childColumns, liveColumns, problems);
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    private static void check(String file, TableId table, Set<String> columns, Map<TableId, Set<String>> liveColumns, List<String> problems) {
        Set<String> live = liveColumns.get(table);
        if (live == null) {
            problems.add(file + ": table " + table + " does not exist in the source database, or the relay's user may not read it"
                    + " (check the name's case, or GRANT SELECT ON \"" + table.schema() + "\".\"" + table.table() + "\" TO <relay user>)");
            return;
        }
        for (String column : columns) {
            if (!live.contains(column)) {
                problems.add(file + ": table " + table + " has no column " + column + " (its columns: " + new java.util.TreeSet<>(live)
                        + "); fix the column name in the mapping");
            }
        }
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
