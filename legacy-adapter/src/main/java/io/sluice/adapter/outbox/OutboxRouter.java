package io.sluice.adapter.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.event.EventIds;

/**
 * Turns inserted outbox rows into events. Deletes and updates of outbox rows are not events (an
 * application may delete each row right after inserting it, in the same transaction: the insert is
 * still in the log). A row that cannot become an event (no id, no aggregate id, payload not JSON or
 * too large) throws {@link UnmappableChangeException} for the dead-letter topic.
 */
public final class OutboxRouter {

    /** The header that carries the outbox row's span context, as Debezium's outbox event router names it. */
    public static final String TRACING_HEADER = "tracingspancontext";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<TableId, OutboxTable> tables;

    public OutboxRouter(List<OutboxTable> tables) {
        this.tables = tables.stream().collect(Collectors.toUnmodifiableMap(OutboxTable::table, Function.identity()));
    }

    /** The outbox tables this router reads. */
    public Set<TableId> tables() {
        return tables.keySet();
    }

    public boolean routes(TableId table) {
        return tables.containsKey(table);
    }

    /**
     * @return the event of an inserted outbox row; empty for other operations or tables
     */
    public List<DomainEvent> route(RowChange change) {
        OutboxTable outbox = tables.get(change.table());
        if (outbox == null || (change.operation() != Operation.INSERT && change.operation() != Operation.SNAPSHOT)) {
            return List.of();
        }
        Map<String, Object> row = change.after();
        String id = text(row, outbox.idColumn());
        String aggregateId = text(row, outbox.aggregateIdColumn());
        String key = aggregateId != null ? aggregateId : "(outbox id " + id + ")";
        if (id == null) {
            throw unmappable(change, key, "outbox row has no " + outbox.idColumn() + " (the event id)");
        }
        if (aggregateId == null) {
            throw unmappable(change, key,
                    "outbox row " + id + " has no " + outbox.aggregateIdColumn() + " (the aggregate id, used as record key)");
        }
        String aggregateType = text(row, outbox.aggregateTypeColumn());
        if (aggregateType == null) {
            throw unmappable(change, key,
                    "outbox row " + id + " has no " + outbox.aggregateTypeColumn() + " (the aggregate type, which selects the topic)");
        }
        String type = text(row, outbox.typeColumn());
        if (type == null) {
            throw unmappable(change, key, "outbox row " + id + " has no " + outbox.typeColumn() + " (the event type)");
        }
        JsonNode data = payload(change, outbox, row.get(outbox.payloadColumn()), id, key);
        if (!outbox.additionalFields().isEmpty()) {
            if (!(data instanceof ObjectNode object)) {
                throw unmappable(change, key, "outbox row " + id + ": columns " + outbox.additionalFields().keySet()
                        + " are to be placed into the payload, which is not a JSON object");
            }
            outbox.additionalFields().forEach((column, field) -> object.put(field, text(row, column)));
        }

        Map<String, String> headers = new HashMap<>();
        if (outbox.tracingColumn() != null && text(row, outbox.tracingColumn()) != null) {
            headers.put(TRACING_HEADER, text(row, outbox.tracingColumn()));
        }
        outbox.additionalHeaders().forEach((column, header) -> {
            String value = text(row, column);
            if (value != null) {
                headers.put(header, value);
            }
        });
        return List.of(new DomainEvent(id, type, 1, aggregateType, aggregateId, EventIds.source(change),
                time(outbox.timestampColumn() == null ? null : row.get(outbox.timestampColumn()), change.commitTime()), data,
                change.position(), headers));
    }

    private static JsonNode payload(RowChange change, OutboxTable outbox, Object value, String id, String key) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value == RowChange.UNAVAILABLE) {
            throw unmappable(change, key, "outbox row " + id + ": payload was not sent by PostgreSQL (unchanged TOAST value)");
        }
        byte[] bytes = value instanceof byte[] raw ? raw : value.toString().getBytes(UTF_8);
        if (bytes.length > outbox.maxPayloadBytes()) {
            throw unmappable(change, key, "outbox row " + id + ": payload of " + bytes.length + " bytes exceeds the limit of "
                    + outbox.maxPayloadBytes() + " bytes");
        }
        if (outbox.additionalFields().isEmpty() && isOneJsonValue(bytes)) {
            // published as it came: a syntax check instead of building a tree and writing it back, which cost about
            // a fifth of the relay's own per-event work for small events (bench/README.md, "Cutting per-event work")
            return JsonNodeFactory.instance.rawValueNode(new RawValue(value instanceof String text ? text : new String(bytes, UTF_8)));
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw unmappable(change, key, "outbox row " + id + ": payload is not JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw unmappable(change, key, "outbox row " + id + ": payload cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code bytes} hold exactly one well-formed JSON value, and nothing after it but whitespace. */
    static boolean isOneJsonValue(byte[] bytes) {
        try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (java.io.IOException e) {
            return false; // the tree reader says what is wrong
        }
    }

    private static Instant time(Object value, Instant commitTime) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return commitTime;
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value == null || value == RowChange.UNAVAILABLE) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static UnmappableChangeException unmappable(RowChange change, String key, String reason) {
        return new UnmappableChangeException(change.table(), key, change.position(), reason);
    }
}
