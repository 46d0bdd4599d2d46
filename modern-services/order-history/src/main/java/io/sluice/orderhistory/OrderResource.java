package io.sluice.orderhistory;

import java.util.List;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The order read model over REST. */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    /** Orders, newest order number first, optionally filtered by customer and status. */
    @GET
    public List<OrderView> list(@QueryParam("customerId") String customerId,
            @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (customerId != null) {
            query.append(" and customerId = :customerId");
            parameters.and("customerId", customerId);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        return OrderView.<OrderView>find(query.toString(), Sort.descending("orderId"), parameters)
                .page(Page.of(page, Math.min(Math.max(size, 1), 200)))
                .list();
    }

    @GET
    @Path("/{orderId}")
    public OrderView get(@PathParam("orderId") String orderId) {
        OrderView order = OrderView.findById(orderId);
        if (order == null) {
            throw new NotFoundException("No order " + orderId);
        }
        return order;
    }
}
