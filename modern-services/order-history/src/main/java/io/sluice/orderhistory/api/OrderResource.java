package io.sluice.orderhistory.api;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sluice.orderhistory.api.Dtos.Order;
import io.sluice.orderhistory.api.Dtos.Page;
import io.sluice.orderhistory.model.OrderView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
@Tag(name = "Orders")
public class OrderResource {

    @GET
    @Operation(summary = "List orders", description = "Newest order number first; all filters are optional and combine")
    public Page<Order> list(
            @Parameter(description = "Only this customer's orders") @QueryParam("customerId") String customerId,
            @Parameter(description = "Only orders in this status, e.g. NEW or SHIPPED") @QueryParam("status") String status,
            @Parameter(description = "Ordered on or after (ISO date)") @QueryParam("from") LocalDate from,
            @Parameter(description = "Ordered on or before (ISO date)") @QueryParam("to") LocalDate to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
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
        if (from != null) {
            query.append(" and orderDate >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            query.append(" and orderDate <= :to");
            parameters.and("to", to);
        }
        PanacheQuery<OrderView> orders = OrderView.find(query.toString(), Sort.descending("orderId"), parameters)
                .page(io.quarkus.panache.common.Page.of(page, size));
        return new Page<>(orders.list().stream().map(Order::of).toList(), page, size, orders.count(), orders.pageCount());
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "One order, with its lines and shipment")
    @APIResponse(responseCode = "404", description = "No such order")
    public Order get(@PathParam("orderId") String orderId) {
        OrderView order = OrderView.findById(orderId);
        if (order == null) {
            throw new NotFoundException("No order " + orderId);
        }
        return Order.of(order);
    }
}
