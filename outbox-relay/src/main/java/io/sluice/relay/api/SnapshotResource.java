package io.sluice.relay.api;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.snapshot.IncrementalSnapshots;
import io.sluice.relay.snapshot.SnapshotProgress;
import io.sluice.relay.snapshot.SnapshotView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Incremental snapshots of captured tables, and their progress. Bearer token: {@link AdminAuthentication}. */
@Path("/sluice/admin/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminAuthentication.SECURITY_SCHEME)
public class SnapshotResource {

    @Schema(description = "The tables to snapshot, in this order")
    public record SnapshotRequest(
            @Schema(description = "Captured tables, schema.table as the database spells them", example = "[\"OMS.ORDHDR\"]", required = true) List<String> tables) {
    }

    @Inject
    RelayStatus status;
    @Inject
    IncrementalSnapshots snapshots;
    @Inject
    SnapshotProgress progress;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Snapshot captured tables again (Debezium incremental snapshot)", description = "Debezium reads the tables again in chunks, by primary key, while it goes on streaming; each row is "
            + "mapped like an inserted one and its events published. One snapshot at a time. Progress: GET the Location.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SnapshotRequest.class)))
    @APIResponse(responseCode = "202", description = "Requested", content = @Content(schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "400", description = "A table is not captured (named in the message)")
    @APIResponse(responseCode = "409", description = "Another snapshot has not finished, or this instance stands by (the message names the leader)")
    @APIResponse(responseCode = "503", description = "Mappings not loaded yet, or the signal could not be written")
    public Response request(SnapshotRequest request) {
        status.requireLeader("take snapshots");
        SnapshotView view = snapshots.request(request == null ? null : request.tables());
        return Response.accepted(view).location(URI.create("/sluice/admin/snapshots/" + view.id())).build();
    }

    @GET
    @Operation(summary = "Incremental snapshots since the relay started, newest first, with progress per table")
    public List<SnapshotView> list() {
        return progress.all();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One incremental snapshot: state, and per table rows done, total, rate, ETA")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SnapshotView.class)))
    @APIResponse(responseCode = "404", description = "No such snapshot (or forgotten: the relay keeps the last 50)")
    public SnapshotView get(@PathParam("id") String id) {
        return progress.get(id).orElseThrow(() -> new NotFoundException("No incremental snapshot " + id));
    }
}
