package io.sluice.relay.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingDefinitionException;
import io.sluice.adapter.mapping.MappingSource;
import io.sluice.adapter.spi.ChangeMapper;
import io.sluice.relay.capture.MappingFiles;
import io.sluice.relay.capture.StartupException;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.preview.MappingPreview;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Previews mappings against the rows already in their tables, publishing nothing (see {@link MappingPreview}).
 * Read-only: standbys answer too. Bearer token: {@link AdminAuthentication}.
 */
@Path("/sluice/admin/mappings/preview")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminAuthentication.SECURITY_SCHEME)
public class MappingPreviewResource {

    @Inject
    RelayConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    Instance<ChangeMapper> mappers;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "What a mapping would publish for the rows already in its tables", description = "Reads the first rows of every table the mapping maps (and their child rows, by the join keys), maps them as "
            + "snapshot rows and returns the events, the rows that would be dead-lettered and why, and the fields that are null "
            + "in every event of a type. Body: one mapping file (YAML); no body: the relay's own mapping files. Publishes nothing.")
    @APIResponse(responseCode = "200", description = "The preview")
    @APIResponse(responseCode = "400", description = "The mapping file is invalid, or rows is out of range (the message says which)")
    @APIResponse(responseCode = "503", description = "The source database cannot be read")
    public Response preview(@Parameter(description = "Rows per table, 1 to 1000") @QueryParam("rows") @DefaultValue("20") int rows,
            String mappingFile) {
        MappingCatalog catalog;
        try {
            catalog = mappingFile == null || mappingFile.isBlank()
                    ? MappingFiles.load(config.mapping().dir())
                    : MappingCatalog.load(List.of(new MappingSource("request body", mappingFile)));
        } catch (MappingDefinitionException | StartupException e) {
            return problem(Response.Status.BAD_REQUEST, e.getMessage());
        }
        var preview = new MappingPreview(catalog, mappers.stream().toList(), config.source().name(), config.publish().topicPattern());
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            return Response.ok(json.writeValueAsString(preview.run(connection, rows))).build();
        } catch (IllegalArgumentException e) {
            return problem(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (SQLException e) {
            return problem(Response.Status.SERVICE_UNAVAILABLE, "Cannot read the mapped tables: " + e.getMessage()
                    + " (check that the tables exist and the relay's user may SELECT them)");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the preview as JSON", e);
        }
    }

    private static Response problem(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new AdminProblem(message)).build();
    }
}
