package io.sluice.relay.api;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.sluice.relay.OperationRefusedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A refused operation answers with its status and an {@link AdminProblem}. */
public class RefusedOperationMapper {

    @ServerExceptionMapper
    public Response refused(OperationRefusedException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(new AdminProblem(e.getMessage())).build();
    }
}
