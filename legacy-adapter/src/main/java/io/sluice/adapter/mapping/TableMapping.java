package io.sluice.adapter.mapping;

import java.util.List;
import java.util.Set;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.TableId;

/**
 * The mapping of one legacy table to the events of one aggregate.
 *
 * @param file             the mapping file it was declared in
 * @param table            the legacy table
 * @param aggregate        the aggregate type, e.g. {@code orders}
 * @param keyColumns       the columns whose values, trimmed and joined with {@code :}, are the aggregate id
 * @param sensitiveColumns excluded or masked columns: their values never appear in events or messages
 * @param events           the events derived from changes of the table
 * @param badData          the file's policy for changes of the table that cannot be translated; null: the relay's
 */
public record TableMapping(String file, TableId table, String aggregate, List<String> keyColumns,
        Set<String> sensitiveColumns, List<EventRule> events, BadDataPolicy badData) {

    /** Every column the mapping reads. */
    public Set<String> columns() {
        var columns = new java.util.TreeSet<>(keyColumns);
        events.forEach(e -> e.fields().forEach(f -> {
            if (f.column() != null) {
                columns.add(f.column());
            }
        }));
        events.forEach(e -> columns.addAll(e.condition().columns()));
        events.forEach(e -> e.collections().forEach(c -> columns.addAll(c.join().values())));
        return columns;
    }

    /**
     * What the rules of this mapping read from old row images, one entry per rule and operation that reads any
     * ({@link EventRule#oldColumns}); a source that does not log those old values cannot serve them.
     */
    public List<OldValuesNeed> oldValuesNeeds() {
        var needs = new java.util.ArrayList<OldValuesNeed>();
        for (EventRule event : events) {
            for (Operation operation : List.of(Operation.UPDATE, Operation.DELETE)) {
                List<String> columns = event.oldColumns(operation, keyColumns);
                if (!columns.isEmpty()) {
                    needs.add(new OldValuesNeed(file, table, event.type(), operation, columns));
                }
            }
        }
        return List.copyOf(needs);
    }
}
