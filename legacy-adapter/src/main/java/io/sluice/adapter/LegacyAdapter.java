package io.sluice.adapter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sluice.adapter.change.OldImage;
import io.sluice.adapter.change.OldImages;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.event.EventIds;
import io.sluice.adapter.mapping.Collection;
import io.sluice.adapter.mapping.Condition;
import io.sluice.adapter.mapping.Conversion.ConversionException;
import io.sluice.adapter.mapping.EventRule;
import io.sluice.adapter.mapping.FieldMapping;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.OldValuesNeed;
import io.sluice.adapter.mapping.TableMapping;
import io.sluice.adapter.spi.ChangeMapper;

/**
 * The anti-corruption layer: turns row changes of legacy tables into domain events, as the mappings
 * declare. Pure and thread-safe.
 */
public final class LegacyAdapter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MappingCatalog catalog;
    private final List<ChangeMapper> mappers;
    private final OldImages oldImages;
    /** Per rule (by identity), the old columns it reads on update and on delete; filled once, then only read. */
    private final Map<EventRule, OldColumns> oldColumns = new java.util.IdentityHashMap<>();

    public LegacyAdapter(MappingCatalog catalog) {
        this(catalog, List.of());
    }

    /** Declared mappings plus Java mappers for what declarations cannot express. */
    public LegacyAdapter(MappingCatalog catalog, List<ChangeMapper> mappers) {
        this(catalog, mappers, OldImages.UNKNOWN);
    }

    /**
     * @param oldImages what the source logs of each table's old values: a rule that reads an old value the source does not
     *                  log makes the change unmappable (dead-lettered), whatever the before image holds in its place
     */
    public LegacyAdapter(MappingCatalog catalog, List<ChangeMapper> mappers, OldImages oldImages) {
        this.catalog = catalog;
        this.mappers = List.copyOf(mappers);
        this.oldImages = Objects.requireNonNull(oldImages, "oldImages");
        for (TableMapping mapping : catalog.mappings()) {
            for (EventRule rule : mapping.events()) {
                oldColumns.put(rule, new OldColumns(rule.oldColumns(Operation.UPDATE, mapping.keyColumns()),
                        rule.oldColumns(Operation.DELETE, mapping.keyColumns())));
            }
        }
    }

    private record OldColumns(List<String> onUpdate, List<String> onDelete) {
        List<String> on(Operation operation) {
            return operation == Operation.UPDATE ? onUpdate : operation == Operation.DELETE ? onDelete : List.of();
        }
    }

    /** Every legacy table the declared mappings and the Java mappers read. */
    public java.util.Set<io.sluice.adapter.change.TableId> tables() {
        java.util.Set<io.sluice.adapter.change.TableId> tables = new java.util.LinkedHashSet<>(catalog.tables());
        mappers.forEach(m -> tables.addAll(m.tables()));
        return tables;
    }

    /** The legacy tables the Java mappers read: which columns they read is not known, so all of them are captured. */
    public java.util.Set<io.sluice.adapter.change.TableId> javaMapperTables() {
        java.util.Set<io.sluice.adapter.change.TableId> tables = new java.util.LinkedHashSet<>();
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
            String key = null;
            List<OldValuesNeed> lacking = null;
            OldImage image = null;
            for (EventRule rule : mapping.events()) {
                if (!rule.operations().contains(change.operation())) {
                    continue;
                }
                if (key == null) {
                    key = keyOf(mapping, change);
                }
                List<String> needed = oldColumns.get(rule).on(change.operation());
                if (!needed.isEmpty()) {
                    if (image == null) {
                        image = oldImages.of(change.table()).orElse(UNKNOWN_IMAGE);
                    }
                    if (!carries(image, change, needed) && !decidedWithoutOldValues(rule, change)) {
                        lacking = lacking == null ? new ArrayList<>(2) : lacking;
                        lacking.add(new OldValuesNeed(mapping.file(), mapping.table(), rule.type(), change.operation(), needed));
                        continue;
                    }
                }
                if (holds(rule, mapping, change, key)) {
                    events.add(event(mapping, rule, change, key, transaction));
                }
            }
            if (lacking != null) {
                throw new UnmappableChangeException(change.table(), key, change.position(), lackingOldValues(lacking, image, mapping));
            }
        }
        return events;
    }

    /** Stands for "not known": the before image alone tells what was sent. */
    private static final OldImage UNKNOWN_IMAGE = OldImage.everyColumn("unknown");

    /** Whether the change carries the old value of every column: the source logs it, and the before image has it. */
    private static boolean carries(OldImage image, RowChange change, List<String> columns) {
        Map<String, Object> before = change.before();
        if (before == null) {
            return false;
        }
        for (String column : columns) {
            if (!image.carries(column) || !before.containsKey(column) || before.get(column) == RowChange.UNAVAILABLE) {
                return false;
            }
        }
        return true;
    }

    /** A transition whose column did not reach its target value does not hold, whatever the old value was. */
    private static boolean decidedWithoutOldValues(EventRule rule, RowChange change) {
        return rule.condition() instanceof Condition.Transition transition && !transition.reachesTarget(change);
    }

    private static String lackingOldValues(List<OldValuesNeed> lacking, OldImage image, TableMapping mapping) {
        StringBuilder reason = new StringBuilder();
        for (OldValuesNeed need : lacking) {
            reason.append(need.rule()).append(" needs the old value").append(need.columns().size() == 1 ? "" : "s").append(" of ")
                    .append(need.columns()).append("; ");
        }
        reason.append("the change does not carry ").append(lacking.size() == 1 && lacking.get(0).columns().size() == 1 ? "it" : "them");
        if (image != UNKNOWN_IMAGE) {
            reason.append(" (the source logs the old values of ").append(image.describeColumns()).append(" only: ").append(image.identity())
                    .append("); run ").append(image.fix());
        } else {
            reason.append("; run ALTER TABLE ").append(quoted(mapping)).append(" REPLICA IDENTITY FULL so that PostgreSQL logs old values");
        }
        return reason.toString();
    }

    /** Columns of a table that mappings exclude or mask: their values must not leave the database. */
    public java.util.Set<String> sensitiveColumns(io.sluice.adapter.change.TableId table) {
        java.util.Set<String> columns = new java.util.HashSet<>();
        catalog.mappingsOf(table).forEach(m -> columns.addAll(m.sensitiveColumns()));
        return columns;
    }

    private static boolean holds(EventRule rule, TableMapping mapping, RowChange change, String key) {
        try {
            return rule.condition().test(change);
        } catch (Condition.MissingBeforeImage e) {
            throw new UnmappableChangeException(change.table(), key, change.position(), "event " + rule.type() + " (" + mapping.file()
                    + "): " + e.getMessage() + "; run ALTER TABLE " + quoted(mapping)
                    + " REPLICA IDENTITY FULL so that PostgreSQL logs old values");
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

    /** The aggregate id; "?" for a delete whose old image the source logs without the key columns (never a stand-in value). */
    private String keyOf(TableMapping mapping, RowChange change) {
        if (change.operation() == Operation.DELETE) {
            OldImage image = oldImages.of(change.table()).orElse(null);
            if (image != null && !mapping.keyColumns().stream().allMatch(image::carries)) {
                return "?";
            }
        }
        return key(mapping, change);
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
