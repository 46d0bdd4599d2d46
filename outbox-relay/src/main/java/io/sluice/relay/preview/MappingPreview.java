package io.sluice.relay.preview;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.TableMapping;
import io.sluice.adapter.spi.ChangeMapper;
import io.sluice.relay.preview.PreviewReport.PreviewDeadLetter;
import io.sluice.relay.preview.PreviewReport.PreviewEvent;
import io.sluice.relay.preview.PreviewReport.TablePreview;
import io.sluice.relay.snapshot.LiveRows;
import io.sluice.relay.snapshot.SnapshotChildren;

/**
 * Runs mappings over the first rows of their tables, as an initial snapshot reads them (children included, as
 * {@link SnapshotChildren} collects them), and reports the events
 * they would publish, the rows they would dead-letter and the fields that stay null. Publishes nothing and needs no
 * replication slot: only {@code SELECT} on the mapped tables. Step one of writing a mapping for an unknown schema.
 */
public final class MappingPreview {

    /** Most rows per table one preview reads: a preview is a look at the data, not a snapshot. */
    public static final int MAX_ROWS = 1000;
    private static final String MASK = "****";

    private final MappingCatalog catalog;
    private final LegacyAdapter adapter;
    private final SnapshotChildren children;
    private final String sourceName;
    private final String topicPattern;

    /**
     * @param topicPattern the relay's {@code sluice.publish.topic-pattern}, e.g. {@code {aggregate}.events}
     */
    public MappingPreview(MappingCatalog catalog, List<ChangeMapper> mappers, String sourceName, String topicPattern) {
        this.catalog = catalog;
        this.adapter = new LegacyAdapter(catalog, mappers);
        this.children = new SnapshotChildren(catalog);
        this.sourceName = sourceName;
        this.topicPattern = topicPattern;
    }

    /**
     * @param rows rows to read per mapped table, 1 to {@link #MAX_ROWS}
     * @throws IllegalArgumentException for a row count out of range
     * @throws SQLException when a table cannot be read
     */
    public PreviewReport run(Connection connection, int rows) throws SQLException {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows=" + rows + " is out of range: preview 1 to " + MAX_ROWS + " rows per table");
        }
        Map<TableId, List<TableMapping>> byTable = new LinkedHashMap<>();
        catalog.mappings().forEach(m -> byTable.computeIfAbsent(m.table(), t -> new ArrayList<>()).add(m));
        List<TablePreview> tables = new ArrayList<>();
        for (Map.Entry<TableId, List<TableMapping>> entry : byTable.entrySet()) {
            tables.add(preview(connection, entry.getKey(), entry.getValue(), rows));
        }
        return new PreviewReport(rows, tables);
    }

    private TablePreview preview(Connection connection, TableId table, List<TableMapping> mappings, int rows) throws SQLException {
        List<RowChange> parents = LiveRows.first(connection, table, mappings.get(0).keyColumns(), rows).stream()
                .map(row -> snapshotRow(table, row)).toList();
        List<List<RowChange>> assembled = children.assemble(connection, parents);
        Set<String> sensitive = new LinkedHashSet<>();
        Set<String> read = new LinkedHashSet<>();
        mappings.forEach(m -> {
            sensitive.addAll(m.sensitiveColumns());
            read.addAll(m.columns());
        });
        List<PreviewEvent> events = new ArrayList<>();
        List<PreviewDeadLetter> deadLetters = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            RowChange change = parents.get(i);
            try {
                for (DomainEvent event : adapter.apply(change, assembled.get(i))) {
                    events.add(new PreviewEvent(event.type(), event.version(), topicPattern.replace("{aggregate}", event.aggregateType()),
                            event.aggregateId(), event.data()));
                }
            } catch (UnmappableChangeException e) {
                deadLetters.add(new PreviewDeadLetter(e.key(), e.getMessage(), shown(change.after(), read, sensitive)));
            }
        }
        return new TablePreview(table.toString(), mappings.stream().map(TableMapping::file).distinct().toList(), parents.size(), events,
                deadLetters, alwaysNull(events));
    }

    private RowChange snapshotRow(TableId table, Map<String, Object> row) {
        return new RowChange(sourceName, table, Operation.SNAPSHOT, null, row, new SourcePosition("preview", null), Instant.now());
    }

    /** The columns the mappings read, as text where JSON has no type for them; masked and excluded ones as {@code ****}. */
    private static Map<String, Object> shown(Map<String, Object> row, Set<String> read, Set<String> sensitive) {
        Map<String, Object> shown = new TreeMap<>();
        for (String column : read) {
            Object value = row.get(column);
            if (sensitive.contains(column)) {
                shown.put(column, MASK);
            } else if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
                shown.put(column, value);
            } else if (value instanceof byte[] bytes) {
                shown.put(column, Base64.getEncoder().encodeToString(bytes));
            } else {
                shown.put(column, value.toString());
            }
        }
        return shown;
    }

    /** Per event type, the data paths that are null, or empty arrays, in every event of the type. */
    static Map<String, List<String>> alwaysNull(List<PreviewEvent> events) {
        Map<String, Map<String, Boolean>> valued = new TreeMap<>();
        for (PreviewEvent event : events) {
            walk(event.data(), "", valued.computeIfAbsent(event.type(), t -> new LinkedHashMap<>()));
        }
        Map<String, List<String>> alwaysNull = new TreeMap<>();
        valued.forEach((type, paths) -> {
            List<String> nulls = paths.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
            if (!nulls.isEmpty()) {
                alwaysNull.put(type, nulls);
            }
        });
        return alwaysNull;
    }

    private static void walk(JsonNode node, String path, Map<String, Boolean> valued) {
        if (node.isObject()) {
            node.fields().forEachRemaining(
                    field -> walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), valued));
        } else if (node.isArray()) {
            valued.merge(path, !node.isEmpty(), Boolean::logicalOr);
            node.forEach(element -> walk(element, path + "[]", valued));
        } else {
            valued.merge(path, !node.isNull(), Boolean::logicalOr);
        }
    }
}
