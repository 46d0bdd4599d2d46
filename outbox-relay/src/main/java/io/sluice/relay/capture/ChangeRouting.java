package io.sluice.relay.capture;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.mapping.BadDataPolicy;
import io.sluice.adapter.mapping.EventRule;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.TableMapping;
import io.sluice.adapter.outbox.OutboxRouter;

/**
 * What the running relay does with a change: outbox rows through the outbox router, every other captured
 * table through the legacy adapter (declared mappings and Java mappers). The one in force is
 * {@link MappingsInForce}'s: the stream and the admin operations (dead-letter replay, snapshots) use the same.
 */
public record ChangeRouting(MappingCatalog catalog, LegacyAdapter adapter, OutboxRouter outbox, BadDataPolicy badData,
        SchemaChangeCheck schema) {

    /** With the default bad-data policy, {@code dead-letter}. */
    public ChangeRouting(MappingCatalog catalog, LegacyAdapter adapter, OutboxRouter outbox) {
        this(catalog, adapter, outbox, BadDataPolicy.DEAD_LETTER);
    }

    /** Not yet validated against the source's tables: changes are not checked for schema changes. */
    public ChangeRouting(MappingCatalog catalog, LegacyAdapter adapter, OutboxRouter outbox, BadDataPolicy badData) {
        this(catalog, adapter, outbox, badData, SchemaChangeCheck.NONE);
    }

    /** The same mappings, validated against these table definitions: changes that no longer fit them are refused. */
    public ChangeRouting validatedAgainst(SchemaChangeCheck validated) {
        return new ChangeRouting(catalog, adapter, outbox, badData, validated);
    }

    /** @return what to do with a change of this table that cannot become an event: its mapping file's policy, else the relay's */
    public BadDataPolicy badDataPolicy(TableId table) {
        return catalog.badDataPolicy(table).orElse(badData);
    }

    /** Whether the change is of an outbox table. */
    public boolean isOutbox(TableId table) {
        return outbox.routes(table);
    }

    /** Every table the relay captures for events: mapped legacy tables, Java mappers' tables, outbox tables. */
    public Set<TableId> capturedTables() {
        Set<TableId> tables = new LinkedHashSet<>(adapter.tables());
        tables.addAll(outbox.tables());
        return tables;
    }

    /**
     * The events of one change, as the stream would publish them.
     *
     * @throws io.sluice.adapter.UnmappableChangeException when a mapping covers the change but cannot translate it
     */
    public List<DomainEvent> events(RowChange change, List<RowChange> transaction) {
        return outbox.routes(change.table()) ? outbox.route(change) : adapter.apply(change, transaction);
    }

    /**
     * @return the tables a declared event of this type on this table collects rows from (rows of the same source
     *         transaction, e.g. an order's lines); empty when it collects none
     */
    public Set<TableId> collectedTables(TableId table, String eventType) {
        Set<TableId> collected = new LinkedHashSet<>();
        for (TableMapping mapping : catalog.mappingsOf(table)) {
            for (EventRule rule : mapping.events()) {
                if (rule.type().equals(eventType)) {
                    rule.collections().forEach(c -> collected.add(c.table()));
                }
            }
        }
        return collected;
    }

    /**
     * @return the masked columns whose old and new values a rule for this operation on this table compares (a
     *         {@code when} condition, or the implicit "a carried field changed" of an update event): outside the
     *         database, e.g. in a dead-letter record, they are {@code ****}, and such a rule cannot be decided
     */
    public Set<String> maskedColumnsCompared(TableId table, Operation operation) {
        Set<String> compared = new java.util.TreeSet<>();
        for (TableMapping mapping : catalog.mappingsOf(table)) {
            for (EventRule rule : mapping.events()) {
                if (rule.operations().contains(operation)) {
                    rule.condition().columns().stream().filter(mapping.sensitiveColumns()::contains).forEach(compared::add);
                }
            }
        }
        return compared;
    }

    /** Columns whose values must not leave the database (masked or excluded by a mapping). */
    public Set<String> sensitiveColumns(TableId table) {
        return adapter.sensitiveColumns(table);
    }
}
