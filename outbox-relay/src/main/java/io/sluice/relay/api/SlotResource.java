package io.sluice.relay.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.capture.SlotRecovery;
import io.sluice.relay.snapshot.IncrementalSnapshots;
import io.sluice.relay.snapshot.SnapshotView;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Recovery from a lost replication slot (readiness state {@code SLOT_LOST}). Bearer token: {@link AdminAuthentication}. */
@Path("/sluice/admin/slot")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminAuthentication.SECURITY_SCHEME)
public class SlotResource {

    /**
     * @param snapshot        the incremental snapshot of every captured table that brings consumers up to date; null when it
     *                        could not be requested ({@code snapshotProblem} says why)
     * @param outcome         one sentence: what was done, what was lost, what brings it back
     */
    public record SlotRecreation(String slot, String lostAfter, String resumesAt, SnapshotView snapshot, String snapshotProblem,
            String outcome) {
    }

    @Inject
    SlotRecovery recovery;
    @Inject
    IncrementalSnapshots snapshots;
    @Inject
    MappingsInForce mappings;

    @POST
    @Path("/recreate")
    @Operation(summary = "Recreate a lost replication slot and snapshot the captured tables", description = "Only while the relay"
            + " reports SLOT_LOST (the slot was dropped, invalidated by max_slot_wal_keep_size, or created again after the stored"
            + " position). Drops an invalidated slot, creates a fresh one, requests an incremental snapshot of every captured table"
            + " (so consumers get the current rows of what was not streamed), and starts streaming from the new slot.")
    @APIResponse(responseCode = "200", description = "Recreated", content = @Content(schema = @Schema(implementation = SlotRecreation.class)))
    @APIResponse(responseCode = "409", description = "The slot is not lost, or this instance stands by (the message names the leader)")
    @APIResponse(responseCode = "503", description = "The source refused to create the slot")
    public SlotRecreation recreate() {
        SlotRecovery.Recreated slot = recovery.recreate();
        SnapshotView snapshot = null;
        String problem = null;
        try {
            List<String> tables = mappings.routing().orElseThrow().capturedTables().stream().map(TableId::toString).sorted().toList();
            snapshot = snapshots.request(tables); // its signal follows the new slot's start: the new stream carries it
        } catch (OperationRefusedException e) {
            problem = e.getMessage();
        } finally {
            recovery.resume();
        }
        String lost = "Replication slot " + slot.slot() + " recreated at " + slot.resumesAt() + "; the changes between "
                + slot.lostPosition() + " and then were not streamed";
        String outcome = snapshot != null
                ? lost + ": incremental snapshot " + snapshot.id() + " of " + snapshot.tables().size() + " captured table(s) publishes"
                        + " their current rows (GET /sluice/admin/snapshots/" + snapshot.id() + ")"
                : lost + ", and no snapshot could be requested (" + problem + "): request one with POST /sluice/admin/snapshots";
        return new SlotRecreation(slot.slot(), slot.lostPosition(), slot.resumesAt(), snapshot, problem, outcome);
    }
}
