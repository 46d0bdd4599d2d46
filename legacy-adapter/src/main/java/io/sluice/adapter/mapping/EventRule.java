package io.sluice.adapter.mapping;

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

    /** The same rule, no longer emitted on the given operation. */
    public EventRule without(Operation operation) {
        var remaining = java.util.EnumSet.copyOf(operations);
        remaining.remove(operation);
        return new EventRule(type, version, Set.copyOf(remaining), condition, fields, collections);
    }
}
