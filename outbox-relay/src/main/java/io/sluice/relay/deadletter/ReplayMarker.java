package io.sluice.relay.deadletter;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import io.sluice.relay.publish.DeadLetterHeaders;

/**
 * What a replay did with a dead letter, appended to the dead-letter topic itself (same partition, header
 * {@link DeadLetterHeaders#REPLAY_OF}): the durable record that keeps a second replay from publishing again.
 *
 * @param eventIds the {@code ce_id}s published (deterministic: the ids the stream would have given the events)
 * @param reason   why the change still cannot become events; null when published
 */
record ReplayMarker(int partition, long offset, Outcome outcome, List<String> eventIds, String reason, Instant at) {

    enum Outcome {
        /** The change's events are published (possibly none, when no mapping rule yields one now). */
        PUBLISHED,
        /** The change still cannot become events; it stays dead-lettered. */
        STILL_FAILING
    }

    /** @return the marker, or null when the record is not one */
    static ReplayMarker of(ConsumerRecord<String, byte[]> record, ObjectReader reader) {
        String of = DeadLetter.header(record.headers(), DeadLetterHeaders.REPLAY_OF);
        if (of == null) {
            return null;
        }
        int colon = of.indexOf(':');
        try {
            int partition = Integer.parseInt(of.substring(0, colon));
            long offset = Long.parseLong(of.substring(colon + 1));
            Outcome outcome = Outcome.valueOf(DeadLetter.header(record.headers(), DeadLetterHeaders.REPLAY_OUTCOME));
            List<String> ids = List.of();
            String reason = null;
            if (record.value() != null) {
                JsonNode value = reader.readTree(record.value());
                if (value != null && value.has("eventIds")) {
                    ids = java.util.stream.StreamSupport.stream(value.get("eventIds").spliterator(), false).map(JsonNode::asText).toList();
                }
                reason = value == null || !value.hasNonNull("reason") ? null : value.get("reason").asText();
            }
            return new ReplayMarker(partition, offset, outcome, ids, reason, Instant.ofEpochMilli(record.timestamp()));
        } catch (RuntimeException | IOException e) {
            return null; // not one of ours
        }
    }

    String replayed() {
        return partition + ":" + offset;
    }
}
