package io.sluice.relay.publish;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.CloudEventHeaders;
import io.sluice.adapter.event.DomainEvent;

/**
 * The shape of what {@link EventPublisher} sends: an event's topic, CloudEvents headers and JSON value, and a dead
 * letter's record (the raw row, sensitive columns redacted, with the reason and source position as headers).
 */
final class PublishedRecords {

    private final ObjectMapper json;
    private final String topicPattern;
    private final String deadLetterTopic;
    private final Map<String, String> topics = new HashMap<>();

    PublishedRecords(ObjectMapper json, String topicPattern, String deadLetterTopic) {
        this.json = json;
        this.topicPattern = topicPattern;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** The event's CloudEvents attributes as {@code ce_*} headers. */
    RecordHeaders headers(DomainEvent event) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(event).forEach((name, value) -> header(headers, name, value));
        return headers;
    }

    /**
     * The record value: an outbox payload the router checked and passes through as it came (a raw JSON value) is
     * written as its text, without a JSON generator; any other data through the mapper.
     */
    byte[] value(DomainEvent event) {
        if (event.data() instanceof POJONode node && node.getPojo() instanceof RawValue raw && raw.rawValue() instanceof String text) {
            return text.getBytes(UTF_8);
        }
        try {
            return json.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise event " + event.id() + " of type " + event.type(), e);
        }
    }

    String topicFor(String aggregateType) {
        return topics.computeIfAbsent(aggregateType, type -> topicPattern.replace("{aggregate}", type));
    }

    /** The dead-letter record of a change that could not become events. */
    ProducerRecord<String, byte[]> deadLetter(RowChange change, String key, String reason, Set<String> sensitiveColumns) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, DeadLetterHeaders.REASON, reason);
        header(headers, DeadLetterHeaders.TABLE, change.table().toString());
        header(headers, DeadLetterHeaders.OPERATION, change.operation().name());
        if (change.position() != null) {
            header(headers, DeadLetterHeaders.POSITION, change.position().lsn());
            header(headers, DeadLetterHeaders.TRANSACTION_ID, change.position().transactionId());
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("source", change.source());
        raw.put("table", change.table().toString());
        raw.put("operation", change.operation().name());
        raw.put("before", printable(change.before(), sensitiveColumns));
        raw.put("after", printable(change.after(), sensitiveColumns));
        raw.put("commitTime", change.commitTime() == null ? null : change.commitTime().toString());
        try {
            return new ProducerRecord<>(deadLetterTopic, null, key, json.writeValueAsBytes(raw), headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise dead-letter record for " + change.table() + " key " + key, e);
        }
    }

    /** The row as it goes to the dead-letter topic: excluded and masked columns redacted. */
    static Map<String, Object> printable(Map<String, Object> row, Set<String> sensitiveColumns) {
        if (row == null) {
            return null;
        }
        Map<String, Object> printable = new LinkedHashMap<>();
        row.forEach((column, value) -> printable.put(column, sensitiveColumns.contains(column)
                ? "****"
                : value == RowChange.UNAVAILABLE ? EventPublisher.UNAVAILABLE_TEXT : value));
        return printable;
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(UTF_8));
        }
    }
}
