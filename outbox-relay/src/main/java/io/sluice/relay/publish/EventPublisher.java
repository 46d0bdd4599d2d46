package io.sluice.relay.publish;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.CloudEventHeaders;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.relay.Causes;

/**
 * Publishes domain events as CloudEvents in Kafka binary mode: key = aggregate id, value = the event's
 * data as JSON, attributes as {@code ce_*} headers. Changes that could not become events go to the
 * dead-letter topic with the raw row and the reason as headers.
 *
 * <p>The producer is idempotent with {@code acks=all}; with a transactional id, each batch is one Kafka
 * transaction (begun by the first send, ended by {@link #commit()}). Callers commit and wait for the
 * returned futures before they record the source position.
 */
public final class EventPublisher implements EventSink, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topicPattern;
    private final String deadLetterTopic;
    private final Map<String, String> topics = new HashMap<>();

    /** Told about every event Kafka acknowledged, on the producer's I/O thread. */
    @FunctionalInterface
    public interface AckListener {
        void acknowledged(DomainEvent event, long acknowledgedAtMillis);
    }

    private final AckListener acks;
    private final String transactionalId;
    private boolean inTransaction;
    private final EventTracing tracing;

    /** What the dead-letter record shows for a value PostgreSQL did not send (an unchanged TOASTed column). */
    public static final String UNAVAILABLE_TEXT = "(unavailable: unchanged TOAST value)";

    /**
     * @param transactionalId the transactional id shared by every instance on the source, or null to publish
     *                        without transactions; with one, the constructor fences any former producer of that id
     */
    public EventPublisher(Map<String, Object> producerSettings, ObjectMapper json, String topicPattern, String deadLetterTopic,
            String transactionalId, AckListener acks, EventTracing tracing) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        settings.putAll(producerSettings);
        if (transactionalId != null) {
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topicPattern = topicPattern;
        this.deadLetterTopic = deadLetterTopic;
        this.acks = acks;
        this.tracing = tracing;
        this.transactionalId = transactionalId;
        if (transactionalId != null) {
            try {
                producer.initTransactions(); // aborts what a former producer of this id left open, and fences it
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
        }
    }

    /**
     * Ends a batch: commits its transaction, so that all its events (and dead letters) become visible to
     * {@code read_committed} consumers at once. Without transactions, nothing to do.
     *
     * @throws FencedException when another instance with the same transactional id has taken over
     */
    @Override
    public void commit() {
        if (!inTransaction) {
            return;
        }
        inTransaction = false;
        try {
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw fenced(e);
        } catch (KafkaException e) {
            abortQuietly();
            throw e;
        }
    }

    /** Whether a failure means that another producer with this transactional id has taken over. */
    public static boolean isFencing(Throwable failure) {
        return Causes.anyMatch(failure,
                t -> t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException || t instanceof FencedException);
    }

    @Override
    public Future<RecordMetadata> publish(DomainEvent event) {
        begin();
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(event).forEach((name, value) -> header(headers, name, value));
        byte[] value;
        try {
            value = json.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise event " + event.id() + " of type " + event.type(), e);
        }
        String topic = topicFor(event.aggregateType());
        EventTracing.Publication trace = tracing.publishing(event, topic, headers); // producer span; traceparent headers
        return producer.send(new ProducerRecord<>(topic, null, event.aggregateId(), value, headers),
                (metadata, error) -> {
                    trace.sent(metadata, error);
                    if (error == null) {
                        acks.acknowledged(event, System.currentTimeMillis());
                    }
                });
    }

    @Override
    public Future<RecordMetadata> deadLetter(RowChange change, String key, String reason, java.util.Set<String> sensitiveColumns) {
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
        begin();
        try {
            return producer.send(new ProducerRecord<>(deadLetterTopic, null, key, json.writeValueAsBytes(raw), headers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise dead-letter record for " + change.table() + " key " + key, e);
        }
    }

    private String topicFor(String aggregateType) {
        return topics.computeIfAbsent(aggregateType, type -> topicPattern.replace("{aggregate}", type));
    }

    /** The row as it goes to the dead-letter topic: excluded and masked columns redacted. */
    static Map<String, Object> printable(Map<String, Object> row, java.util.Set<String> sensitiveColumns) {
        if (row == null) {
            return null;
        }
        Map<String, Object> printable = new LinkedHashMap<>();
        row.forEach((column, value) -> printable.put(column, sensitiveColumns.contains(column) ? "****"
                : value == RowChange.UNAVAILABLE ? UNAVAILABLE_TEXT : value));
        return printable;
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(UTF_8));
        }
    }

    private void begin() {
        if (transactionalId != null && !inTransaction) {
            try {
                producer.beginTransaction();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw fenced(e);
            }
            inTransaction = true;
        }
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // the producer is closed and replaced when the batch is replayed
        }
    }

    private FencedException fenced(KafkaException e) {
        return new FencedException("Another relay instance took over publishing (its producer with transactional id " + transactionalId
                + " fenced this one): this instance publishes nothing more", e);
    }

    /** Another instance with the same transactional id has taken over; nothing of the open batch is committed. */
    public static final class FencedException extends RuntimeException {
        public FencedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() {
        if (inTransaction) {
            abortQuietly();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
