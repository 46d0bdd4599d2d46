package io.sluice.adapter;


import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.event.EventIds;
import io.sluice.adapter.spi.ChangeMapper;
import io.sluice.adapter.mapping.Collection;
import io.sluice.adapter.mapping.Condition;
import io.sluice.adapter.mapping.Conversion.ConversionException;
import io.sluice.adapter.mapping.EventRule;
import io.sluice.adapter.mapping.FieldMapping;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.TableMapping;

/**
 * The anti-corruption layer: turns row changes of legacy tables into domain events, as the mappings
 * declare. Pure and thread-safe.
 */
public final class LegacyAdapter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MappingCatalog catalog;
    private final List<ChangeMapper> mappers;

    public LegacyAdapter(MappingCatalog catalog) {
        this(catalog, List.of());
    }

    /** Declared mappings plus Java mappers for what declarations cannot express. */
    public LegacyAdapter(MappingCatalog catalog, List<ChangeMapper> mappers) {
        this.catalog = catalog;
        this.mappers = List.copyOf(mappers);
    }

    /** Every legacy table the declared mappings and the Java mappers read. */
    public java.util.Set<io.sluice.adapter.change.TableId> tables() {
        java.util.Set<io.sluice.adapter.change.TableId> tables = new java.util.LinkedHashSet<>(catalog.tables());
        mappers.forEach(m -> tables.addAll(m.tables()));
        return tables;
    }

    /**
     * @return the events the change yields; empty when no mapping covers its table and operation,
     *         or no event's condition holds
     * @throws UnmappableChangeException when a mapping covers the change but a value cannot be translated
     */
    public List<DomainEvent> apply(RowChange change) {
        return apply(change, List.of(change));
    }

    /**
     * Maps one change of a source transaction; events that collect child rows (an order's lines) take
     * them from the other changes of the same transaction.
     *
     * @param transaction every change of the change's source transaction, in commit order
     */
    public List<DomainEvent> apply(RowChange change, List<RowChange> transaction) {
        List<TableMapping> mappings = catalog.mappingsOf(change.table());
        List<DomainEvent> events = new ArrayList<>(1);
        for (ChangeMapper mapper : mappers) {
            if (mapper.tables().contains(change.table())) {
                events.addAll(mapper.map(change, transaction));
            }
        }
        for (TableMapping mapping : mappings) {
            String key = key(mapping, change);
            for (EventRule rule : mapping.events()) {
                if (rule.operations().contains(change.operation()) && holds(rule.condition(), mapping, change, key)) {
                    events.add(event(mapping, rule, change, key, transaction));
                }
            }
        }
        return events;
    }

    /** Columns of a table that mappings exclude or mask: their values must not leave the database. */
    public java.util.Set<String> sensitiveColumns(io.sluice.adapter.change.TableId table) {
        java.util.Set<String> columns = new java.util.HashSet<>();
        catalog.mappingsOf(table).forEach(m -> columns.addAll(m.sensitiveColumns()));
        return columns;
    }

    private static boolean holds(Condition condition, TableMapping mapping, RowChange change, String key) {
        try {
            return condition.test(change);
        } catch (Condition.MissingBeforeImage e) {
            throw new UnmappableChangeException(change.table(), key, change.position(), e.getMessage()
                    + "; run ALTER TABLE " + quoted(mapping) + " REPLICA IDENTITY FULL so that PostgreSQL logs old values");
        }
    }

    private static DomainEvent event(TableMapping mapping, EventRule rule, RowChange change, String key, List<RowChange> transaction) {
        ObjectNode data = JSON.objectNode();
        for (FieldMapping field : rule.fields()) {
            put(data, field.path(), value(field, mapping, change, key));
        }
        for (Collection collection : rule.collections()) {
            ArrayNode elements = data.putArray(collection.path());
            for (RowChange child : transaction) {
                if (child.table().equals(collection.table()) && isInsert(child) && joins(collection, child, change)) {
                    ObjectNode element = elements.addObject();
                    for (FieldMapping field : collection.fields()) {
                        put(element, field.path(), value(field, mapping, child, key));
                    }
                }
            }
        }
        String source = EventIds.source(change);
        String id = EventIds.of(change, key, rule.type());
        return new DomainEvent(id, rule.type(), rule.version(), mapping.aggregate(), key, source,
                change.commitTime(), data, change.position(), Map.of());
    }

    private static boolean isInsert(RowChange change) {
        return change.operation() == Operation.INSERT || change.operation() == Operation.SNAPSHOT;
    }

    private static boolean joins(Collection collection, RowChange child, RowChange parent) {
        return collection.childKey(child.after()).equals(collection.parentKey(parent.current()));
    }

    private static Object value(FieldMapping field, TableMapping mapping, RowChange change, String key) {
        if (field.column() == null) {
            return field.constant();
        }
        if (field.masked()) {
            return FieldMapping.MASK;
        }
        Object raw = raw(field, mapping, change, key);
        if (raw == null) {
            return null;
        }
        try {
            return field.conversion().convert(raw);
        } catch (ConversionException e) {
            String shown = mapping.sensitiveColumns().contains(field.column()) ? "" : " '" + raw + "'";
            throw new UnmappableChangeException(change.table(), key, change.position(),
                    "column " + field.column() + " value" + shown + " " + e.getMessage() + " (" + mapping.file() + ", field "
                            + field.path() + ")");
        }
    }

    private static Object raw(FieldMapping field, TableMapping mapping, RowChange change, String key) {
        Map<String, Object> before = change.before();
        Map<String, Object> row = field.image() == FieldMapping.Image.BEFORE ? before : change.current();
        if (row == null || !row.containsKey(field.column())) {
            if (field.image() == FieldMapping.Image.BEFORE) {
                throw new UnmappableChangeException(change.table(), key, change.position(), "field " + field.path()
                        + " needs the old value of " + field.column() + ", which the change does not carry; run ALTER TABLE "
                        + quoted(mapping) + " REPLICA IDENTITY FULL");
            }
            throw new UnmappableChangeException(change.table(), key, change.position(),
                    "column " + field.column() + " is not in the row (" + mapping.file() + ", field " + field.path() + ")");
        }
        Object value = row.get(field.column());
        if (value == RowChange.UNAVAILABLE) {
            Object previous = before == null ? null : before.get(field.column());
            if (previous == null || previous == RowChange.UNAVAILABLE) {
                throw new UnmappableChangeException(change.table(), key, change.position(), "column " + field.column()
                        + " is an unchanged TOASTed value that PostgreSQL did not send; run ALTER TABLE " + quoted(mapping)
                        + " REPLICA IDENTITY FULL so that it sends every value");
            }
            return previous;
        }
        return value;
    }

    private static String key(TableMapping mapping, RowChange change) {
        Map<String, Object> row = change.current();
        StringBuilder key = new StringBuilder();
        for (String column : mapping.keyColumns()) {
            Object value = row == null ? null : row.get(column);
            if (value == null || value == RowChange.UNAVAILABLE) {
                throw new UnmappableChangeException(change.table(), "?", change.position(),
                        "key column " + column + " has no value (" + mapping.file() + ")");
            }
            if (key.length() > 0) {
                key.append(':');
            }
            key.append(value instanceof String text ? text.strip() : value);
        }
        return key.toString();
    }

    private static void put(ObjectNode data, String path, Object value) {
        ObjectNode node = data;
        int start = 0;
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', start)) {
            String name = path.substring(start, dot);
            ObjectNode child = node.get(name) instanceof ObjectNode existing ? existing : node.putObject(name);
            node = child;
            start = dot + 1;
        }
        String name = path.substring(start);
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof String text) {
            node.put(name, text);
        } else if (value instanceof Boolean bool) {
            node.put(name, bool);
        } else if (value instanceof BigDecimal decimal) {
            node.put(name, decimal);
        } else if (value instanceof Long number) {
            node.put(name, number);
        } else if (value instanceof Integer number) {
            node.put(name, number);
        } else if (value instanceof Short number) {
            node.put(name, number);
        } else if (value instanceof Double number) {
            node.put(name, number);
        } else {
            node.put(name, value.toString());
        }
    }

    private static String quoted(TableMapping mapping) {
        return "\"" + mapping.table().schema() + "\".\"" + mapping.table().table() + "\"";
    }
}
