package io.sluice.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A CloudEvent as Sluice publishes it on Kafka (binary mode): the attributes are {@code ce_*} headers,
 * the record value is the event's JSON data and the record key is the aggregate id.
 *
 * @param id       {@code ce_id}: the same source change always has the same id, so it is the inbox key
 * @param type     {@code ce_type}, e.g. {@code OrderPlaced}
 * @param version  {@code ce_eventversion}, the version of the type's schema (1 when absent)
 * @param key      the record key (aggregate id)
 * @param data     the JSON data
 * @param location topic-partition@offset, for log lines and error messages
 * @param topic       the topic it was read from (null when not read from Kafka)
 * @param traceparent the W3C trace context of the producer: header {@code traceparent}, else the CloudEvents
 *                    distributed-tracing extension {@code ce_traceparent}; null when the record carries none
 * @param tracestate  the W3C {@code tracestate} that goes with it, or null
 */
public record IncomingEvent(String id, String type, int version, String key, byte[] data, String location, String topic,
        String traceparent, String tracestate) {

    /** An event without Kafka origin or trace context, e.g. in a unit test. */
    public IncomingEvent(String id, String type, int version, String key, byte[] data, String location) {
        this(id, type, version, key, data, location, null, null, null);
    }

    /** Reads the envelope; a record that is not a Sluice CloudEvent is a {@link PoisonEventException}. */
    public static IncomingEvent from(ConsumerRecord<String, byte[]> record) {
        String location = record.topic() + "-" + record.partition() + "@" + record.offset();
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || id.isBlank() || type == null || type.isBlank()) {
            throw new PoisonEventException("Record " + location + " is not a CloudEvent: the ce_id or ce_type header is missing");
        }
        if (record.value() == null) {
            throw new PoisonEventException("Event " + id + " (" + type + ") at " + location + " has no data");
        }
        String version = header(record, "ce_eventversion");
        int parsedVersion;
        try {
            parsedVersion = version == null ? 1 : Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new PoisonEventException("Event " + id + " (" + type + ") at " + location
                    + " has a ce_eventversion that is not a number: " + version);
        }
        String traceparent = header(record, "traceparent");
        String tracestate = header(record, "tracestate");
        if (traceparent == null) {
            traceparent = header(record, "ce_traceparent");
            tracestate = header(record, "ce_tracestate");
        }
        return new IncomingEvent(id, type, parsedVersion, record.key(), record.value(), location, record.topic(), traceparent,
                tracestate);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    @Override
    public String toString() {
        return type + " " + id + " at " + location;
    }
}
