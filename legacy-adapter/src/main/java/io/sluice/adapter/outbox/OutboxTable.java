package io.sluice.adapter.outbox;

import java.util.Map;
import java.util.Objects;

import io.sluice.adapter.change.TableId;

/**
 * An outbox table and its column names. The defaults follow Debezium's outbox conventions, so an
 * application that already writes a Debezium-style outbox works unchanged.
 *
 * @param table             the outbox table
 * @param idColumn          the event id (UUID); it becomes {@code ce_id}
 * @param aggregateTypeColumn selects the topic
 * @param aggregateIdColumn the record key and {@code ce_subject}
 * @param typeColumn        the event type, {@code ce_type}
 * @param payloadColumn     the event data (JSON)
 * @param timestampColumn   event time, or null to use the commit time
 * @param tracingColumn     a span context to pass on as header {@code tracingspancontext}, or null
 * @param additionalHeaders further columns to publish as headers: column → header name
 * @param additionalFields  further columns to place into the event data (a JSON object): column → field name
 * @param maxPayloadBytes   larger payloads are dead-lettered
 */
public record OutboxTable(TableId table, String idColumn, String aggregateTypeColumn, String aggregateIdColumn, String typeColumn,
        String payloadColumn, String timestampColumn, String tracingColumn, Map<String, String> additionalHeaders,
        Map<String, String> additionalFields, int maxPayloadBytes) {

    public OutboxTable {
        Objects.requireNonNull(table, "table");
        additionalHeaders = additionalHeaders == null ? Map.of() : Map.copyOf(additionalHeaders);
        additionalFields = additionalFields == null ? Map.of() : Map.copyOf(additionalFields);
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive");
        }
    }

    /** Debezium's outbox conventions: the default column names, in one place (the relay's configuration defaults use them). */
    public static final String ID_COLUMN = "id";
    public static final String AGGREGATE_TYPE_COLUMN = "aggregatetype";
    public static final String AGGREGATE_ID_COLUMN = "aggregateid";
    public static final String TYPE_COLUMN = "type";
    public static final String PAYLOAD_COLUMN = "payload";
    public static final String TIMESTAMP_COLUMN = "timestamp";
    /** Also the name of the header the row's span context is passed on in ({@link OutboxRouter#TRACING_HEADER}). */
    public static final String TRACING_SPAN_CONTEXT_COLUMN = "tracingspancontext";

    /** Debezium's conventional columns ({@code id, aggregatetype, aggregateid, type, payload, timestamp, tracingspancontext}). */
    public static OutboxTable conventional(TableId table, int maxPayloadBytes) {
        return new OutboxTable(table, ID_COLUMN, AGGREGATE_TYPE_COLUMN, AGGREGATE_ID_COLUMN, TYPE_COLUMN, PAYLOAD_COLUMN, TIMESTAMP_COLUMN,
                TRACING_SPAN_CONTEXT_COLUMN, Map.of(), Map.of(), maxPayloadBytes);
    }
}
