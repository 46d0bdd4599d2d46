package io.sluice.relay.publish;

import java.time.Duration;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.relay.Causes;

/**
 * Publishes domain events as CloudEvents in Kafka binary mode: key = aggregate id, value = the event's
 * data as JSON, attributes as {@code ce_*} headers. Changes that could not become events go to the
 * dead-letter topic with the raw row and the reason as headers.
 *
 * <p>The producer is idempotent with {@code acks=all}; with a transactional id, each batch is one Kafka
 * transaction (begun by the first send, ended by {@link #commit()}), which may also hold the source position after the
 * batch ({@link #sendInTransaction}). Callers commit and wait for the returned futures before they record the source
 * position.
 */
public final class EventPublisher implements EventSink, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final PublishedRecords records;

    /** Told about every event Kafka acknowledged, on the producer's I/O thread. */
    @FunctionalInterface
    public interface AckListener {
        void acknowledged(DomainEvent event, long acknowledgedAtMillis);
    }

    private final AckListener acks;
    private final Runnable aborted;
    private final String transactionalId;
    private boolean inTransaction;
    /** Events sent in the open transaction: counted as published only once it commits. */
    private final java.util.List<DomainEvent> inTransactionEvents = new java.util.ArrayList<>();
    private final EventTracing tracing;

    /** What the dead-letter record shows for a value PostgreSQL did not send (an unchanged TOASTed column). */
    public static final String UNAVAILABLE_TEXT = "(unavailable: unchanged TOAST value)";

    /**
     * @param transactionalId the transactional id shared by every instance on the source, or null to publish
     *                        without transactions; with one, the constructor fences any former producer of that id
     */
    public EventPublisher(Map<String, Object> producerSettings, ObjectMapper json, String topicPattern, String deadLetterTopic,
            String transactionalId, AckListener acks, EventTracing tracing) {
        this(producerSettings, json, topicPattern, deadLetterTopic, transactionalId, acks, () -> {
        }, tracing);
    }

    /**
     * @param acks    with a transactional id, told about each event of a transaction once the transaction committed (what a
     *                {@code read_committed} reader sees); without, about each event Kafka acknowledged
     * @param aborted told about each transaction that did not commit (aborted, failed or fenced)
     */
    public EventPublisher(Map<String, Object> producerSettings, ObjectMapper json, String topicPattern, String deadLetterTopic,
            String transactionalId, AckListener acks, Runnable aborted, EventTracing tracing) {
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
        this.records = new PublishedRecords(json, topicPattern, deadLetterTopic);
        this.acks = acks;
        this.aborted = aborted;
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
     * {@code read_committed} consumers at once. Without transactions, sends what the producer still holds back for
     * {@code linger.ms}: the caller waits for the batch's acknowledgements next, and no further record of this batch
     * will come to fill the producer's batches (a commit flushes the same way).
     *
     * @throws FencedException when another instance with the same transactional id has taken over
     */
    @Override
    public void commit() {
        if (!inTransaction) {
            if (transactionalId == null) {
                producer.flush();
            }
            return;
        }
        inTransaction = false;
        try {
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            abandoned();
            throw fenced(e);
        } catch (KafkaException e) {
            abortQuietly();
            throw e;
        }
        long committedAt = System.currentTimeMillis();
        for (DomainEvent event : inTransactionEvents) {
            acks.acknowledged(event, committedAt);
        }
        inTransactionEvents.clear();
    }

    /**
     * Sends a record that belongs to the batch but is not an event, such as the source position after the batch: in the
     * batch's transaction, so that it commits with the batch's events or not at all.
     */
    public Future<RecordMetadata> sendInTransaction(ProducerRecord<String, byte[]> record) {
        begin();
        return producer.send(record);
    }

    /** Whether each batch is one Kafka transaction. */
    public boolean transactional() {
        return transactionalId != null;
    }

    /** Whether a failure means that another producer with this transactional id has taken over. */
    public static boolean isFencing(Throwable failure) {
        return Causes.anyMatch(failure,
                t -> t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException || t instanceof FencedException);
    }

    @Override
    public Future<RecordMetadata> publish(DomainEvent event) {
        begin();
        RecordHeaders headers = records.headers(event);
        byte[] value = records.value(event);
        String topic = records.topicFor(event.aggregateType());
        EventTracing.Publication trace = tracing.publishing(event, topic, headers); // producer span; traceparent headers
        if (transactionalId != null) {
            inTransactionEvents.add(event); // counted when the transaction commits
        }
        return producer.send(new ProducerRecord<>(topic, null, event.aggregateId(), value, headers),
                (metadata, error) -> {
                    trace.sent(metadata, error);
                    if (error == null && transactionalId == null) {
                        acks.acknowledged(event, System.currentTimeMillis());
                    }
                });
    }

    @Override
    public Future<RecordMetadata> deadLetter(RowChange change, String key, String reason, java.util.Set<String> sensitiveColumns) {
        begin();
        return producer.send(records.deadLetter(change, key, reason, sensitiveColumns));
    }

    private void begin() {
        if (transactionalId != null && !inTransaction) {
            try {
                producer.beginTransaction();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                aborted.run();
                throw fenced(e);
            }
            inTransaction = true;
        }
    }

    private void abortQuietly() {
        abandoned();
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // the producer is closed and replaced when the batch is replayed
        }
    }

    /** The open transaction will not commit: its events are not published. */
    private void abandoned() {
        inTransactionEvents.clear();
        aborted.run();
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
