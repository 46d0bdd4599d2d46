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

    /** The mappings of one table (empty if none). */
    public List<TableMapping> mappingsOf(TableId table) {
        return byTable.getOrDefault(table, List.of());
    }

    /** Every mapping. */
    public List<TableMapping> mappings() {
        return byTable.values().stream().flatMap(List::stream).toList();
    }
}
