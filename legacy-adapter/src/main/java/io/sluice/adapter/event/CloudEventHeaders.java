package io.sluice.adapter.event;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka header names of CloudEvents 1.0 in binary mode, plus Sluice's extension attributes.
 * Consumers read these; they are part of the published contract. {@link #of(DomainEvent)} is the one
 * place that turns an event into its headers: the relay publishes them, contract verification and
 * test event builders use the same function.
 */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";
    /** Sluice extension: version of the event type's schema. */
    public static final String EVENT_VERSION = "ce_eventversion";
    /** Sluice extension: the source position (PostgreSQL LSN) of the change. */
    public static final String SOURCE_POSITION = "ce_sourceposition";
    /** Sluice extension: the source transaction id. */
    public static final String TRANSACTION_ID = "ce_txid";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** The headers an event is published with, in a stable order; absent attributes are left out. */
    public static Map<String, String> of(DomainEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, event.id());
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(TYPE, event.type());
        headers.put(SOURCE, event.source());
        headers.put(SUBJECT, event.aggregateId());
        headers.put(TIME, event.time() == null ? null : DateTimeFormatter.ISO_INSTANT.format(event.time()));
        headers.put(CONTENT_TYPE, APPLICATION_JSON);
        headers.put(EVENT_VERSION, Integer.toString(event.version()));
        if (event.position() != null) {
            headers.put(SOURCE_POSITION, event.position().lsn());
            headers.put(TRANSACTION_ID, event.position().transactionId());
        }
        headers.putAll(event.headers());
        headers.values().removeIf(value -> value == null);
        return headers;
    }
}
