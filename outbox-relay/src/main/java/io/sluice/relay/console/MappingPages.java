package io.sluice.relay.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.TemplateInstance;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.EventSchemas;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.relay.api.AdminProblem;
import io.sluice.relay.api.MappingPreviewResource;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.console.ConsoleResource.Templates;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The console's mappings pages: the mapped tables and their topics, each event type's schema, the AsyncAPI, a preview. */
@Path(ConsoleSession.PATH + "/mappings")
@Singleton
@Produces(MediaType.TEXT_HTML)
public class MappingPages {

    @Inject
    RelayConfig config;
    @Inject
    MappingsInForce mappingsInForce;
    @Inject
    MappingPreviewResource preview;
    @Inject
    ObjectMapper json;
    @Inject
    ConsoleFrames frames;

    @GET
    public TemplateInstance mappings() {
        String pattern = config.publish().topicPattern();
        var routing = mappingsInForce.routing();
        if (routing.isEmpty()) {
            return Templates.mappings(frames.frame("mappings", null), new Pages.Mappings(List.of(), List.of(), List.of(), pattern,
                    "The relay has not loaded its mappings yet."));
        }
        MappingCatalog catalog = routing.get().catalog();
        List<Pages.MappedTable> tables = catalog.mappings().stream()
                .map(m -> new Pages.MappedTable(m.table().toString(), m.aggregate(), pattern.replace("{aggregate}", m.aggregate()),
                        m.file(),
                        String.join(", ", m.keyColumns()), m.events().stream().map(e -> new Pages.MappedEvent(e.type(), e.version(),
                                e.operations().stream().map(o -> o.name().toLowerCase(Locale.ROOT)).sorted().reduce((a, b) -> a + ", " + b)
                                        .orElse("")))
                                .toList()))
                .toList();
        List<String> outboxTables = routing.get().outbox().tables().stream().map(TableId::toString).sorted().toList();
        List<String> types = new ArrayList<>(new TreeSet<>(new EventSchemas(catalog).schemas().keySet()));
        return Templates.mappings(frames.frame("mappings", null), new Pages.Mappings(tables, outboxTables, types, pattern, null));
    }

    @GET
    @Path("/schemas/{type}")
    public Response schema(@PathParam("type") String type) {
        var catalog = mappingsInForce.catalog();
        ObjectNode schema = catalog.map(c -> new EventSchemas(c).schemas().get(type)).orElse(null);
        if (schema == null) {
            return Response.status(Response.Status.NOT_FOUND).entity(Templates.document(frames.frame("mappings", null), new Pages.Document(
                    "No event type " + type, "The mappings in force declare no such event type.", ""))).build();
        }
        return Response.ok(Templates.document(frames.frame("mappings", null), new Pages.Document(type, "JSON Schema of the event's data "
                + "(also at /sluice/schemas/" + type + ")", pretty(schema)))).build();
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response previewMapping(@FormParam("mapping") String mapping, @FormParam("rows") @DefaultValue("20") int rows) {
        Response answer = preview.preview(rows, mapping); // read-only: a standby previews too
        Object entity = answer.getEntity();
        if (answer.getStatus() != 200) {
            String problem = entity instanceof AdminProblem p ? p.problem() : String.valueOf(entity);
            return Response.status(answer.getStatus()).entity(Templates.document(frames.frame("mappings", null), new Pages.Document(
                    "Mapping preview failed", problem, ""))).build();
        }
        String report;
        try {
            report = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(String.valueOf(entity)));
        } catch (JsonProcessingException e) {
            report = String.valueOf(entity);
        }
        return Response.ok(Templates.document(frames.frame("mappings", null), new Pages.Document("Mapping preview", "What "
                + (mapping == null || mapping.isBlank() ? "the relay's mapping files" : "this mapping file")
                + " would publish for the first "
                + rows + " rows of each mapped table; nothing was published. Masked and excluded columns show as ****.", report))).build();
    }

    @GET
    @Path("/asyncapi")
    public TemplateInstance asyncApi() {
        String document = mappingsInForce.catalog().map(c -> pretty(new EventSchemas(c).asyncApi(config.publish().topicPattern())))
                .orElse("The relay has not loaded its mappings yet.");
        return Templates.document(frames.frame("mappings", null), new Pages.Document("AsyncAPI", "Every topic, its messages, key, "
                + "CloudEvents headers and payload schema (also at /sluice/asyncapi)", document));
    }

    private String pretty(ObjectNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}
