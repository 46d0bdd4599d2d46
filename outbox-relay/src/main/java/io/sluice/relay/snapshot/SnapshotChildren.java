package io.sluice.relay.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.Collection;
import io.sluice.adapter.mapping.MappingCatalog;

/**
 * Whole aggregates from snapshots. A streamed order header finds its lines among the other changes of its transaction;
 * a snapshot row has no transaction, so its children are read from the source: for a chunk of parent rows, one query
 * per child table by the join keys of the chunk ({@link LiveRows#children}), so memory holds one chunk's children, never
 * a child table. The children are the rows as they are when the chunk is read, a moment after Debezium read the parent;
 * a child changed in between also arrives as a streamed change of its own.
 */
public final class SnapshotChildren {

    /** Parents whose children one query reads. */
    static final int CHUNK = 200;

    private final Map<TableId, Set<Collection>> collections = new HashMap<>();

    public SnapshotChildren(MappingCatalog catalog) {
        for (var mapping : catalog.mappings()) {
            Set<Collection> ofTable = collections.computeIfAbsent(mapping.table(), t -> new LinkedHashSet<>());
            mapping.events().stream().filter(e -> e.operations().contains(Operation.SNAPSHOT))
                    .forEach(e -> ofTable.addAll(e.collections()));
        }
        collections.values().removeIf(Set::isEmpty);
    }

    /** Whether events of the table's rows collect child rows, so that its snapshot rows need them read. */
    public boolean collects(TableId table) {
        return collections.containsKey(table);
    }

    /**
     * @param connection a connection to the source database, which may read the child tables
     * @param rows       snapshot rows, in the order Debezium delivered them
     * @return for each row, in the same order, the changes its events collect from: the row itself, then its children
     * @throws SQLException when the children cannot be read: nothing of the rows may be published then
     */
    public List<List<RowChange>> assemble(Connection connection, List<RowChange> rows) throws SQLException {
        List<List<RowChange>> assembled = new ArrayList<>(rows.size());
        rows.forEach(row -> assembled.add(new ArrayList<>(List.of(row))));
        Map<TableId, List<Integer>> collecting = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).operation() == Operation.SNAPSHOT && collects(rows.get(i).table())) {
                collecting.computeIfAbsent(rows.get(i).table(), t -> new ArrayList<>()).add(i);
            }
        }
        if (collecting.isEmpty()) {
            return assembled;
        }
        for (Map.Entry<TableId, List<Integer>> table : collecting.entrySet()) {
            List<Integer> indexes = table.getValue();
            for (int from = 0; from < indexes.size(); from += CHUNK) {
                List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + CHUNK));
                for (Collection collection : collections.get(table.getKey())) {
                    addChildren(connection, collection, chunk, rows, assembled);
                }
            }
        }
        return assembled;
    }

    /** {@link #assemble(Connection, List)} with a connection of the pool, taken only when a row collects children. */
    public List<List<RowChange>> assemble(DataSource source, List<RowChange> rows) throws SQLException {
        if (rows.stream().noneMatch(row -> row.operation() == Operation.SNAPSHOT && collects(row.table()))) {
            return rows.stream().map(List::of).toList();
        }
        try (Connection connection = source.getConnection()) {
            return assemble(connection, rows);
        }
    }

    private static void addChildren(Connection connection, Collection collection, List<Integer> chunk, List<RowChange> rows,
            List<List<RowChange>> assembled) throws SQLException {
        List<Map<String, Object>> parents = chunk.stream().map(i -> rows.get(i).after()).toList();
        Map<List<Object>, List<Map<String, Object>>> byKey = new HashMap<>();
        for (Map<String, Object> child : LiveRows.children(connection, collection.table(), collection.join(), parents)) {
            byKey.computeIfAbsent(collection.childKey(child), k -> new ArrayList<>()).add(child);
        }
        for (int i : chunk) {
            RowChange parent = rows.get(i);
            for (Map<String, Object> child : byKey.getOrDefault(collection.parentKey(parent.after()), List.of())) {
                assembled.get(i).add(new RowChange(parent.source(), collection.table(), Operation.SNAPSHOT, null, child, parent.position(),
                        parent.commitTime()));
            }
        }
    }

}
