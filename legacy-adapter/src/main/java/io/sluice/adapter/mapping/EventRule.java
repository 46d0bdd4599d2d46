package io.sluice.adapter.mapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sluice.adapter.change.Operation;

/**
 * One event a table mapping emits: its type and version, on which operations, under which condition,
 * with which fields, and which child rows of the same transaction it collects.
 */
public record EventRule(String type, int version, Set<Operation> operations, Condition condition, List<FieldMapping> fields,
        List<Collection> collections) {

    public EventRule {
        collections = collections == null ? List.of() : List.copyOf(collections);
    }

    /**
     * The columns of the old row image (the before image) this rule reads when it handles a change of the operation;
     * a source must log their old values (PostgreSQL: {@code REPLICA IDENTITY FULL}, or a replica identity holding them):
     * <ul>
     * <li>a delete: the key columns and every column its fields read (a deleted row has only its old image);</li>
     * <li>an update: the columns its {@code changed} or {@code transition} condition compares, and the columns of its
     * {@code image: before} fields;</li>
     * <li>an insert or snapshot read: none.</li>
     * </ul>
     * Masked fields and constants read nothing. An update event without {@code when} needs none: without old values
     * it is emitted (see {@link Condition.CarriedChanged}).
     *
     * @param keyColumns the key columns of the rule's table mapping
     * @return the columns, in declaration order, without duplicates; empty when the rule does not handle the operation
     */
    public List<String> oldColumns(Operation operation, List<String> keyColumns) {
        if (!operations.contains(operation)) {
            return List.of();
        }
        Set<String> columns = new LinkedHashSet<>();
        switch (operation) {
            case DELETE -> {
                columns.addAll(keyColumns);
                fields.stream().filter(f -> f.column() != null && !f.masked()).forEach(f -> columns.add(f.column()));
            }
            case UPDATE -> {
                if (!(condition instanceof Condition.CarriedChanged)) {
                    columns.addAll(condition.columns());
                }
                fields.stream().filter(f -> f.column() != null && !f.masked() && f.image() == FieldMapping.Image.BEFORE)
                        .forEach(f -> columns.add(f.column()));
            }
            default -> {
                // inserts and snapshot reads have no old image
            }
        }
        return List.copyOf(columns);
    }

    /** The same rule, no longer emitted on the given operation. */
    public EventRule without(Operation operation) {
        var remaining = java.util.EnumSet.copyOf(operations);
        remaining.remove(operation);
        return new EventRule(type, version, Set.copyOf(remaining), condition, fields, collections);
    }
}
