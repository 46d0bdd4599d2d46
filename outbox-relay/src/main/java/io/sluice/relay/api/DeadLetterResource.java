package io.sluice.relay.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.deadletter.DeadLetterReplayer;
import io.sluice.relay.deadletter.DeadLetterView;
import io.sluice.relay.deadletter.ReplayReport;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The dead-letter topic: list, and replay through the mappings in force. Bearer token: {@link AdminAuthentication}. */
@Path("/sluice/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminAuthentication.SECURITY_SCHEME)
public class DeadLetterResource {

    static final int MAX_LIMIT = 1000;

    @Schema(description = "Which dead letter to replay; leave both out to replay every one not replayed yet")
    public record ReplayRequest(Integer partition, Long offset) {
    }

    @Inject
    DeadLetterReplayer replayer;
    @Inject
    RelayStatus status;
    @Inject
    ObjectMapper json;

    @GET
    @Operation(summary = "Changes on the dead-letter topic, with the reason and whether a replay published them", description = "Reads the topic from its beginning to its current end. Masked and excluded columns show as ****.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DeadLetterView.Page.class)))
    @APIResponse(responseCode = "503", description = "Kafka cannot be read")
    public DeadLetterView.Page list(
            @Parameter(description = "At most this many, oldest first (1 to 1000)") @QueryParam("limit") @DefaultValue("100") int limit,
            @Parameter(description = "true: only replayed ones; false: only those not replayed yet") @QueryParam("replayed") Boolean replayed) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new OperationRefusedException(400, "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        return replayer.list(limit, replayed);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.WILDCARD) // JSON, or no body at all (curl -XPOST): read as text, parsed here
    @Operation(summary = "Run dead-lettered changes through the mappings in force again and publish their events", description = "Every dead letter not replayed yet, or the one at partition/offset. Those that still fail stay dead-lettered "
            + "with the new reason. The outcome is recorded on the dead-letter topic, so a second replay does not publish again.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ReplayRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReplayReport.class)))
    @APIResponse(responseCode = "400", description = "Only one of partition and offset given")
    @APIResponse(responseCode = "404", description = "No dead letter at that partition and offset")
    @APIResponse(responseCode = "409", description = "Publishing is paused, or this instance stands by (the message names the leader)")
    @APIResponse(responseCode = "503", description = "Mappings not loaded yet, or Kafka or the source database unavailable")
    public ReplayReport replay(String body) {
        status.requireLeader("replay dead letters");
        ReplayRequest request = body == null || body.isBlank() ? null : request(body);
        Integer partition = request == null ? null : request.partition();
        Long offset = request == null ? null : request.offset();
        if ((partition == null) != (offset == null)) {
            throw new OperationRefusedException(400, "Give both partition and offset of one dead letter, or neither to replay all not "
                    + "replayed yet");
        }
        return replayer.replay(partition, offset);
    }

    private ReplayRequest request(String body) {
        try {
            return json.readValue(body, ReplayRequest.class);
        } catch (JsonProcessingException e) {
            throw new OperationRefusedException(400, "The body must be JSON like {\"partition\": 0, \"offset\": 12}, or empty: "
                    + e.getOriginalMessage());
        }
    }
}
