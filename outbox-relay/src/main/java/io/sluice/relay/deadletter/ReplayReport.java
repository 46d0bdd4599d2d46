package io.sluice.relay.deadletter;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What one replay request did. */
@Schema(description = "What a replay did with each dead letter it took")
public record ReplayReport(
        @Schema(description = "Dead letters whose events are now published") int published,
        @Schema(description = "Dead letters that still fail; they stay dead-lettered with the new reason") int stillFailing,
        @Schema(description = "Dead letters asked for that an earlier replay had published already: nothing sent") int alreadyReplayed,
        List<Result> results) {

    @Schema(description = "One dead letter's replay")
    public record Result(int partition, long offset, String table, String key,
            @Schema(description = "PUBLISHED, STILL_FAILING or ALREADY_REPLAYED") String outcome,
            @Schema(description = "ce_id of each event published") List<String> eventIds,
            @Schema(description = "Why it still fails") String reason) {
    }
}
