package io.sluice.outbox;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The transactional outbox for modern services: {@link #publish} writes an event row into the
 * service's outbox table in the caller's transaction, so the event exists if and only if the state
 * change commits. Sluice's relay reads the row from the change log and publishes it (topic
 * {@code <aggregateType>.events}, key {@code aggregateId}, {@code ce_type} = {@code type},
 * {@code ce_id} = the returned id).
 *
 * <pre>{@code
 * @Transactional
 * void dispatch(Shipment shipment) {
 *     shipment.status = DISPATCHED;
 *     outbox.publish("shipments", shipment.id, "ShipmentDispatched", new ShipmentDispatched(shipment.id, shipment.orderId));
 * }
 * }</pre>
 *
 * When an OpenTelemetry span is current (the consumer library's processing span, or any instrumented
 * request), its W3C trace context goes into the row's {@code tracingspancontext} column in Debezium's
 * format (the text of a {@link Properties} with {@code traceparent} and, if it fits the column's 256
 * characters, {@code tracestate}); the relay makes it the parent of the event's publication, so the trace
 * goes on to the event's consumers.
 *
 * <p>Configuration: {@code sluice.outbox-writer.table} (schema-qualified, Debezium's outbox columns;
 * default {@code sluice.outbox_event}), {@code sluice.outbox-writer.delete-after-insert} (delete each
 * row in the same transaction: the table stays empty, the insert is still in the log) and
 * {@code sluice.outbox-writer.tracing-span-context-column} (default {@code tracingspancontext};
 * {@code none} for a table without it).
 */
@ApplicationScoped
public class OutboxWriter {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Debezium's outbox layout: {@code tracingspancontext VARCHAR(256)}. */
    static final int MAX_SPAN_CONTEXT_CHARS = 256;

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final String insert;
    private final String delete;
    private final boolean tracing;

    @Inject
    public OutboxWriter(EntityManager entityManager, ObjectMapper json,
            @ConfigProperty(name = "sluice.outbox-writer.table", defaultValue = "sluice.outbox_event") String table,
            @ConfigProperty(name = "sluice.outbox-writer.delete-after-insert", defaultValue = "false") boolean deleteAfterInsert,
            @ConfigProperty(name = "sluice.outbox-writer.tracing-span-context-column", defaultValue = "tracingspancontext") String spanContextColumn) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException(
                    "sluice.outbox-writer.table=" + table + " must be a schema-qualified table name, e.g. shipping.outbox_event");
        }
        boolean tracing = !spanContextColumn.equals("none");
        if (tracing && !COLUMN.matcher(spanContextColumn).matches()) {
            throw new IllegalArgumentException("sluice.outbox-writer.tracing-span-context-column=" + spanContextColumn
                    + " must be a column name, or none for a table without one");
        }
        this.entityManager = entityManager;
        this.json = json;
        this.insert = tracing
                ? "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload, timestamp, " + spanContextColumn + ") "
                        + "VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), now(), CAST(?6 AS VARCHAR))"
                : "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload, timestamp) "
                        + "VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), now())";
        this.tracing = tracing;
        this.delete = deleteAfterInsert ? "DELETE FROM " + table + " WHERE id = ?1" : null;
    }

    /**
     * Writes one event in the current transaction (there must be one).
     *
     * @param aggregateType selects the topic, e.g. {@code shipments}
     * @param aggregateId   the record key: events of one aggregate stay in order
     * @param type          the event type on the wire, past tense, e.g. {@code ShipmentDispatched}
     * @param payload       the event data, serialised with the application's Jackson {@code ObjectMapper}
     * @return the event id ({@code ce_id})
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String aggregateType, String aggregateId, String type, Object payload) {
        requireText(aggregateType, "aggregateType");
        requireText(aggregateId, "aggregateId");
        requireText(type, "type");
        String data;
        try {
            data = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Payload of " + type + " for " + aggregateType + " " + aggregateId
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        UUID id = UUID.randomUUID();
        var row = entityManager.createNativeQuery(insert)
                .setParameter(1, id)
                .setParameter(2, aggregateType)
                .setParameter(3, aggregateId)
                .setParameter(4, type)
                .setParameter(5, data);
        if (tracing) {
            row.setParameter(6, spanContext(Context.current()));
        }
        row.executeUpdate();
        if (delete != null) {
            entityManager.createNativeQuery(delete).setParameter(1, id).executeUpdate();
        }
        return id;
    }

    /**
     * The {@code tracingspancontext} of {@code context}: {@code traceparent=...} and, when the whole fits
     * {@value #MAX_SPAN_CONTEXT_CHARS} characters, {@code tracestate=...}, as {@link Properties} text without
     * the comment lines {@link Properties#store} writes; null when there is no valid span.
     */
    static String spanContext(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Properties fields = new Properties();
        W3CTraceContextPropagator.getInstance().inject(context, fields, Properties::setProperty);
        String text = store(fields);
        if (text.length() > MAX_SPAN_CONTEXT_CHARS) {
            fields.remove("tracestate");
            text = store(fields);
        }
        return text;
    }

    private static String store(Properties fields) {
        StringWriter text = new StringWriter();
        try {
            fields.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString().lines().filter(line -> !line.startsWith("#")).sorted().collect(Collectors.joining("\n", "", "\n"));
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
