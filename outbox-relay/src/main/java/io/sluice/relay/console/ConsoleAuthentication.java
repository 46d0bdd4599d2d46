package io.sluice.relay.console;

import java.net.URI;
import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Guards every console page and action ({@code /sluice/console/*}) with the admin API's token: only the login page is
 * open. A page asked for without a valid session cookie ({@link ConsoleSession}) redirects to the login form; an
 * action (POST) without one is refused with 401. Without a configured token the console is closed, like the admin API.
 */
public class ConsoleAuthentication {

    static final String LOGIN = ConsoleSession.PATH + "/login";

    @Inject
    Instance<RelayConfig> config; // looked up per request: the filter is built before runtime configuration exists

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals(ConsoleSession.PATH) && !path.startsWith(ConsoleSession.PATH + "/") || path.equals(LOGIN)) {
            return null;
        }
        Optional<String> token = config.get().admin().token();
        if (token.isEmpty()) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN)
                    .entity("The console is closed: set sluice.admin.token to open it (the same token opens the admin API)").build();
        }
        Cookie session = request.getCookies().get(ConsoleSession.COOKIE);
        if (ConsoleSession.opens(session == null ? null : session.getValue(), token.get())) {
            return null;
        }
        if (HttpMethod.GET.equals(request.getMethod())) {
            return Response.seeOther(URI.create(LOGIN)).build();
        }
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.TEXT_PLAIN)
                .entity("Log in to the console first (" + LOGIN + ", with the admin token sluice.admin.token)").build();
    }
}
