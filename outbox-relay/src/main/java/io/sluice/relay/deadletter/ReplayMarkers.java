package io.sluice.relay.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.relay.publish.DeadLetterHeaders;
import io.sluice.relay.publish.EventSink;

/**
 * Appends replay markers to the dead-letter topic, next to the dead letter they are about (same partition and key), so
 * that a later replay skips what is published. The marker goes into the replay's transaction, with the dead letter's
 * events: both commit, or neither.
 */
final class ReplayMarkers {

    private final ObjectMapper json;
    private final String topic;

    ReplayMarkers(ObjectMapper json, String topic) {
        this.json = json;
        this.topic = topic;
    }

    /** Sends the marker in the publisher's open transaction; the future completes when Kafka has acknowledged it. */
    Future<RecordMetadata> append(EventSink publisher, DeadLetter deadLetter, ReplayMarker marker) {
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
            return publisher.sendInTransaction(new ProducerRecord<>(topic, deadLetter.partition(), null, deadLetter.key(),
                    json.writeValueAsBytes(value), headers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the replay marker of " + deadLetter.id(), e);
        }
    }
}
