package io.sluice.relay.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.sluice.adapter.mapping.EventRule;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingDefinitionException;
import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.capture.SlotInstance;
import io.sluice.relay.capture.SlotMonitor;
import io.sluice.relay.capture.SourceUnavailableException;
import io.sluice.relay.capture.StartupException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;

/** The operator's API: status, pause and resume, the mapping catalogue and its reload. Bearer token: {@link AdminAuthentication}. */
@Path("/sluice/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityScheme(securitySchemeName = AdminAuthentication.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer", description = "Authorization: Bearer <sluice.admin.token>")
@SecurityRequirement(name = AdminAuthentication.SECURITY_SCHEME)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    /**
     * @param instance this instance's name
     * @param leader    the instance that streams from the slot (this one while STREAMING; another one while STANDBY)
     * @param instances every relay instance on the slot, leader first (name, role, state, since, last seen), as this instance
     *                  last saw them; empty while it has no session on the source
     */
    public record Status(String state, String instance, String leader, boolean paused, long changesRead, long recordsPublished,
            long deadLettered, Instant lastBatchAt, Long retainedWalBytes, String lastProblem, List<SlotInstance> instances) {
    }

    public record MappedTable(String table, String aggregate, String file, List<String> events) {
    }

    @Inject
    RelayStatus status;
    @Inject
    SlotMonitor slot;
    @Inject
    MappingsInForce mappings;

    @GET
    @Path("/status")
    @Operation(summary = "What the relay is doing")
    public Status status() {
        var retained = slot.retainedWalBytes();
        return new Status(status.state().name(), status.instance(), status.leader(), status.paused(), status.changesRead(),
                status.recordsPublished(), status.deadLettered(),
                status.lastBatchAt(), retained.isPresent() ? retained.getAsLong() : null, status.lastProblem(), status.instances());
    }

    @POST
    @Path("/pause")
    @Operation(summary = "Stop publishing", description = "The engine keeps its slot; no event is published and no position moves "
            + "until resume. Readiness is red meanwhile.")
    public Status pause() {
        status.requireLeader("pause publishing");
        status.pause();
        LOG.warn("Publishing paused by an operator (POST /sluice/admin/resume to continue)");
        return status();
    }

    @POST
    @Path("/resume")
    @Operation(summary = "Publish again, from where it paused")
    public Status resume() {
        status.requireLeader("resume publishing");
        status.resume();
        LOG.info("Publishing resumed by an operator");
        return status();
    }

    @POST
    @Path("/mappings/reload")
    @Operation(summary = "Reload the mapping files without a restart", description = "Reads sluice.mapping.dir again and checks it "
            + "against the source's live tables as at start-up; if it passes, the stream uses it from its next batch on and dead "
            + "letters replay under it. If not, the mappings in force stay and the answer says why, with the start-up messages.")
    @APIResponse(responseCode = "200", description = "The mappings now in force")
    @APIResponse(responseCode = "422", description = "Refused: a mapping file is invalid or does not fit the source's tables")
    @APIResponse(responseCode = "503", description = "The source's tables cannot be read")
    public List<MappedTable> reloadMappings() {
        try {
            mappings.reload();
        } catch (StartupException | MappingDefinitionException e) {
            LOG.warnf("Mapping reload refused, the mappings in force stay: %s", e.getMessage());
            throw new OperationRefusedException(422, e.getMessage() + " (the mappings in force stay)", e);
        } catch (SourceUnavailableException e) {
            throw new OperationRefusedException(503, e.getMessage() + " (the mappings in force stay)", e);
        }
        LOG.info("Mappings reloaded by an operator");
        return mappings();
    }

    @GET
    @Path("/mappings")
    @Operation(summary = "The mapping catalogue: each captured legacy table, its aggregate and the event types it yields")
    public List<MappedTable> mappings() {
        MappingCatalog catalog = mappings.catalog().orElseThrow(() -> new ServiceUnavailableException("Mappings are not loaded yet"));
        return catalog.mappings().stream().map(m -> new MappedTable(m.table().toString(), m.aggregate(), m.file(),
                m.events().stream().map(EventRule::type).toList())).toList();
    }
}
