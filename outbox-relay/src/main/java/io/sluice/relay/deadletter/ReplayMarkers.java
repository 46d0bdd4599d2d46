package io.sluice.relay.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.deadletter.ReplayMarker.Outcome;
import io.sluice.relay.publish.DeadLetterHeaders;
import io.sluice.relay.publish.KafkaClients;

/**
 * Appends replay markers to the dead-letter topic, next to the dead letter they are about (same partition and key), so
 * that a later replay skips what is published. One producer per replay.
 */
final class ReplayMarkers implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    ReplayMarkers(KafkaClients kafka, ObjectMapper json, String topic) {
        Map<String, Object> settings = kafka.connection();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-dead-letter-replay-markers");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topic = topic;
    }

    /** Appends the marker and waits until Kafka has acknowledged it. */
    void append(DeadLetter deadLetter, ReplayMarker marker) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REPLAY_OF, marker.replayed().getBytes(UTF_8));
        headers.add(DeadLetterHeaders.REPLAY_OUTCOME, marker.outcome().name().getBytes(UTF_8));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("replayOf", Map.of("topic", topic, "partition", marker.partition(), "offset", marker.offset()));
        value.put("outcome", marker.outcome().name());
        value.put("eventIds", marker.eventIds());
        value.put("reason", marker.reason());
        value.put("replayedAt", marker.at().toString());
        try {
            producer.send(new ProducerRecord<>(topic, deadLetter.partition(), null, deadLetter.key(), json.writeValueAsBytes(value), headers))
                    .get();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the replay marker of " + deadLetter.id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationRefusedException(503, "Interrupted while marking dead letter " + deadLetter.id() + " replayed", e);
        } catch (ExecutionException e) {
            throw new OperationRefusedException(503, "Kafka did not acknowledge the replay marker of dead letter " + deadLetter.id() + ": "
                    + e.getCause().getMessage() + (marker.outcome() == Outcome.PUBLISHED ? "; its events are published, and a later "
                            + "replay publishes them again (same ce_id: consumers deduplicate)" : ""), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
