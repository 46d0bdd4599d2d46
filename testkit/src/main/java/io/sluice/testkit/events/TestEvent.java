package io.sluice.testkit.events;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.sluice.adapter.event.CloudEventHeaders;
import io.sluice.adapter.event.DomainEvent;

/**
 * Builds an event exactly as the relay publishes it (same CloudEvents headers, key and JSON data), for
 * a modern service's tests of its own consumer:
 *
 * <pre>{@code
 * producer.send(TestEvent.of("OrderPlaced", "orders", "100001")
 *         .field("orderId", "100001").field("customerId", "C1").field("total.amount", 12.5)
 *         .validatedBy(PublishedSchemas.at(schemaDir))
 *         .record());
 * }</pre>
 *
 * Dotted field names build nested objects. With {@link #validatedBy}, {@link #build()} refuses an event
 * that its published JSON Schema rejects, so a test cannot feed a consumer an event Sluice would never
 * publish.
 */
public final class TestEvent {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private final String type;
    private final String aggregateType;
    private final String aggregateId;
    private String id = UUID.randomUUID().toString();
    private int version = 1;
    private String source = "sluice/test";
    private Instant time = Instant.now();
    private ObjectNode data = JSON.createObjectNode();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private PublishedSchemas schemas;

    private TestEvent(String type, String aggregateType, String aggregateId) {
        this.type = type;
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
    }

    /** An event of {@code type} about aggregate {@code aggregateType}/{@code aggregateId} (the record key). */
    public static TestEvent of(String type, String aggregateType, String aggregateId) {
        return new TestEvent(type, aggregateType, aggregateId);
    }

    /** The event id; give the same id twice to simulate a redelivery. */
    public TestEvent id(String id) {
        this.id = id;
        return this;
    }

    public TestEvent version(int version) {
        this.version = version;
        return this;
    }

    public TestEvent source(String source) {
        this.source = source;
        return this;
    }

    public TestEvent time(Instant time) {
        this.time = time;
        return this;
    }

    /** Replaces the data with this JSON object. */
    public TestEvent data(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) {
                throw new IllegalArgumentException("Event data must be a JSON object, got: " + json);
            }
            this.data = (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data is not JSON: " + e.getOriginalMessage(), e);
        }
        return this;
    }

    /** Sets one data field; {@code a.b} sets field b of object a. Values are converted by Jackson (dates as ISO text). */
    public TestEvent field(String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode node = data;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], JSON.valueToTree(value));
        return this;
    }

    /** Removes one top-level or dotted data field (to build an event that breaks a contract). */
    public TestEvent without(String path) {
        String[] parts = path.split("\\.");
        JsonNode node = data;
        for (int i = 0; i < parts.length - 1 && node != null; i++) {
            node = node.get(parts[i]);
        }
        if (node instanceof ObjectNode object) {
            object.remove(parts[parts.length - 1]);
        }
        return this;
    }

    /** An extra header, as an outbox table's additional columns would add. */
    public TestEvent header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Checks the event against its published schema when it is built. */
    public TestEvent validatedBy(PublishedSchemas schemas) {
        this.schemas = schemas;
        return this;
    }

    public DomainEvent build() {
        if (schemas != null) {
            schemas.check(type, data);
        }
        return new DomainEvent(id, type, version, aggregateType, aggregateId, source, time, data.deepCopy(), null, headers);
    }

    /** The Kafka record the relay would publish, on topic {@code <aggregateType>.events}. */
    public ProducerRecord<String, byte[]> record() {
        return record(aggregateType + ".events");
    }

    public ProducerRecord<String, byte[]> record(String topic) {
        DomainEvent event = build();
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.aggregateId(), value);
        CloudEventHeaders.of(event).forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(UTF_8)));
        return record;
    }
}
