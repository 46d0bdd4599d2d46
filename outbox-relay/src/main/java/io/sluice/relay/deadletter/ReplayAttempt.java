package io.sluice.relay.deadletter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.relay.capture.ChangeRouting;

/**
 * Events of a dead-lettered change under the mappings in force, or why there are none: the raw change rebuilt from the
 * dead-letter record and mapped, unless the record cannot give back what the mapping needs (masked values compared,
 * rows of the source transaction collected). Used by {@link DeadLetterReplayer}.
 */
record ReplayAttempt(List<DomainEvent> events, String problem) {

    /** @param defaultSource the source name for a record that names none */
    static ReplayAttempt of(DeadLetter deadLetter, ChangeRouting routing, Map<TableId, Map<String, String>> columnTypes,
            String defaultSource) {
        JsonNode raw = deadLetter.change();
        TableId table = deadLetter.table() == null ? null : TableId.parse(deadLetter.table());
        Operation operation = operation(deadLetter.operation());
        if (raw == null || table == null || operation == null) {
            return new ReplayAttempt(null, "the record is not a change the relay dead-lettered (no JSON change with table and operation); "
                    + "it cannot be replayed");
        }
        Map<String, String> types = columnTypes.getOrDefault(table, Map.of());
        RowChange change;
        try {
            change = new RowChange(raw.hasNonNull("source") ? raw.get("source").asText() : defaultSource, table, operation,
                    RowImages.decode(raw.get("before"), types), RowImages.decode(raw.get("after"), types),
                    deadLetter.position() == null ? null : new SourcePosition(deadLetter.position(), deadLetter.transactionId()),
                    raw.hasNonNull("commitTime") ? Instant.parse(raw.get("commitTime").asText()) : deadLetter.timestamp());
        } catch (DateTimeParseException e) {
            return new ReplayAttempt(null, "the record's commitTime is not an instant: " + e.getMessage());
        }
        Set<String> undecidable = routing.maskedColumnsCompared(table, operation);
        if (!undecidable.isEmpty()) {
            return new ReplayAttempt(null, "a rule of " + table + " compares the old and new values of " + undecidable + ", which the "
                    + "dead-letter record holds only as ****: a replay could not tell whether they changed, so it is not replayed");
        }
        List<DomainEvent> events;
        try {
            events = routing.events(change, List.of(change));
        } catch (UnmappableChangeException e) {
            return new ReplayAttempt(null, e.getMessage());
        } catch (RuntimeException e) {
            return new ReplayAttempt(null, "mapping the change failed: " + e);
        }
        for (DomainEvent event : events) {
            Set<TableId> collected = routing.collectedTables(table, event.type());
            if (!collected.isEmpty()) {
                return new ReplayAttempt(null, event.type() + " collects rows of its source transaction from " + collected + ", which the "
                        + "dead-letter record does not hold: a replay would publish it without them, so it is not replayed");
            }
        }
        return new ReplayAttempt(events, null);
    }

    private static Operation operation(String name) {
        try {
            return name == null ? null : Operation.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
