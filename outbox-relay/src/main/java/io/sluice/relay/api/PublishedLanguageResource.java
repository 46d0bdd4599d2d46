package io.sluice.relay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sluice.adapter.mapping.EventSchemas;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.config.RelayConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The published language of the mapped events: the AsyncAPI document and a JSON Schema per event type.
 * Methods return {@link Response} with JSON text: a resource declaring {@code ObjectNode} as its return type
 * makes Quarkus REST serialise Jackson trees as beans everywhere, event payloads on Kafka included.
 */
@Path("/sluice")
@Produces(MediaType.APPLICATION_JSON)
public class PublishedLanguageResource {

    @Inject
    MappingsInForce mappings;
    @Inject
    RelayConfig config;

    /** AsyncAPI 3.0: every topic, its messages, key, CloudEvents headers and payload schema. */
    @GET
    @Path("/asyncapi")
    public Response asyncApi() {
        return Response.ok(schemas().asyncApi(config.publish().topicPattern()).toString()).build();
    }

    /** The JSON Schema (2020-12) of one event type's data. */
    @GET
    @Path("/schemas/{type}")
    public Response schema(@PathParam("type") String type) {
        ObjectNode schema = schemas().schemas().get(type);
        if (schema == null) {
            throw new NotFoundException("No event type " + type + " in the mappings");
        }
        return Response.ok(schema.toString()).build();
    }

    private EventSchemas schemas() {
        MappingCatalog catalog = mappings.catalog().orElseThrow(() -> new ServiceUnavailableException("Mappings are not loaded yet"));
        return new EventSchemas(catalog);
    }
}
