package io.sluice.relay.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A dead letter as the admin API lists it. */
@Schema(description = "A change that could not become events, as it sits on the dead-letter topic, and what replays did with it")
public record DeadLetterView(
        int partition,
        long offset,
        @Schema(description = "When it was dead-lettered (record timestamp)") Instant timestamp,
        @Schema(description = "schema.table") String table,
        @Schema(description = "INSERT, UPDATE, DELETE or SNAPSHOT") String operation,
        @Schema(description = "Source position (PostgreSQL LSN)") String position,
        String transactionId,
        @Schema(description = "Why it is dead-lettered: the reason of the last failed replay, or the original one") String reason,
        @Schema(description = "The reason it was first dead-lettered for") String deadLetteredReason,
        @Schema(description = "Record key: the aggregate id, or ? when it could not be read") String key,
        @Schema(description = "The row before the change, as recorded: masked and excluded columns are ****") Map<String, Object> before,
        @Schema(description = "The row after the change, as recorded: masked and excluded columns are ****") Map<String, Object> after,
        String commitTime,
        @Schema(description = "Whether a replay published its events; a replayed dead letter is never replayed again") boolean replayed,
        @Schema(description = "The latest replay, if any") Replay lastReplay) {

    private static final TypeReference<LinkedHashMap<String, Object>> ROW = new TypeReference<>() {
    };

    /** The view of a dead letter and its latest replay. */
    static DeadLetterView of(DeadLetterTopic.Entry entry, ObjectMapper json) {
        DeadLetter d = entry.deadLetter();
        ReplayMarker last = entry.lastReplay();
        JsonNode raw = d.change();
        String reason = last != null && last.outcome() == ReplayMarker.Outcome.STILL_FAILING && last.reason() != null
                ? last.reason()
                : d.reason();
        return new DeadLetterView(d.partition(), d.offset(), d.timestamp(), d.table(), d.operation(), d.position(), d.transactionId(),
                reason,
                d.reason(), d.key(), row(json, raw, "before"), row(json, raw, "after"),
                raw != null && raw.hasNonNull("commitTime") ? raw.get("commitTime").asText() : null, entry.replayed(),
                last == null ? null : new Replay(last.at(), last.outcome().name(), last.eventIds(), last.reason()));
    }

    private static Map<String, Object> row(ObjectMapper json, JsonNode raw, String image) {
        if (raw == null || !raw.hasNonNull(image)) {
            return null;
        }
        return json.convertValue(raw.get(image), ROW);
    }

    @Schema(description = "What a replay did")
    public record Replay(Instant at, @Schema(description = "PUBLISHED or STILL_FAILING") String outcome, List<String> eventIds,
            String reason) {
    }

    @Schema(description = "The dead-letter topic's dead letters (replay markers are not listed)")
    public record Page(String topic, @Schema(description = "Dead letters on the topic") int total,
            @Schema(description = "Of those, not replayed yet") int notReplayed,
            @Schema(description = "Those that match the filter, oldest first, at most limit") List<DeadLetterView> deadLetters) {
    }
}
