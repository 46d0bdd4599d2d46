package io.sluice.relay.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Authenticates every request to {@code /sluice/admin/*} with the bearer token {@code sluice.admin.token}
 * (compared in constant time). Without a configured token the admin API is closed.
 */
public class AdminAuthentication {

    /** The OpenAPI security scheme of the admin endpoints (HTTP bearer). */
    public static final String SECURITY_SCHEME = "sluice-admin-token";

    @Inject
    Instance<RelayConfig> config; // looked up per request: the filter is built before runtime configuration exists

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/sluice/admin")) {
            return null;
        }
        java.util.Optional<String> token = config.get().admin().token();
        if (token.isEmpty()) {
            return refuse(Response.Status.FORBIDDEN, "The admin API is closed: set sluice.admin.token to open it");
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String expected = "Bearer " + token.get();
        if (header == null || !MessageDigest.isEqual(header.getBytes(UTF_8), expected.getBytes(UTF_8))) {
            return Response.status(Response.Status.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sluice-admin\"")
                    .type(MediaType.TEXT_PLAIN).entity("A valid admin bearer token is required").build();
        }
        return null;
    }

    private static Response refuse(Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message).build();
    }
}
