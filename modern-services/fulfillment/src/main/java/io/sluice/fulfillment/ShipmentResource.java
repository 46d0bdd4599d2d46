package io.sluice.fulfillment;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sluice.fulfillment.FulfillmentEvents.ShipmentDispatched;
import io.sluice.outbox.OutboxWriter;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Shipments over REST, and the warehouse's dispatch action. */
@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shipments")
public class ShipmentResource {

    public record ShipmentView(String shipmentId, String orderId, String customerId, Shipment.Status status, int itemCount,
            String carrier, String trackingNumber, Instant createdAt, Instant dispatchedAt, Instant cancelledAt) {

        static ShipmentView of(Shipment s) {
            return new ShipmentView(s.shipmentId, s.orderId, s.customerId, s.status, s.itemCount, s.carrier, s.trackingNumber,
                    s.createdAt, s.dispatchedAt, s.cancelledAt);
        }
    }

    public record ShipmentPage(List<ShipmentView> items, int page, int size, long totalItems, int totalPages) {
    }

    public record Dispatch(@NotBlank String carrier, @NotBlank String trackingNumber) {
    }

    @Inject
    OutboxWriter outbox;

    @GET
    @Operation(summary = "List shipments", description = "Oldest first; filters are optional and combine")
    public ShipmentPage list(
            @Parameter(description = "PENDING, DISPATCHED or CANCELLED") @QueryParam("status") String status,
            @Parameter(description = "Only this customer's shipments") @QueryParam("customerId") String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", parseStatus(status));
        }
        if (customerId != null) {
            query.append(" and customerId = :customerId");
            parameters.and("customerId", customerId);
        }
        PanacheQuery<Shipment> shipments = Shipment.find(query.toString(), Sort.ascending("createdAt", "shipmentId"), parameters)
                .page(Page.of(page, size));
        return new ShipmentPage(shipments.list().stream().map(ShipmentView::of).toList(), page, size, shipments.count(),
                shipments.pageCount());
    }

    @GET
    @Path("/{shipmentId}")
    @Operation(summary = "One shipment")
    @APIResponse(responseCode = "404", description = "No such shipment")
    public ShipmentView get(@PathParam("shipmentId") String shipmentId) {
        return ShipmentView.of(find(shipmentId));
    }

    @POST
    @Path("/{shipmentId}/dispatch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Dispatch a pending shipment", description = "Publishes ShipmentDispatched (shipments.events) "
            + "through the service's outbox, in the same transaction as the status change")
    @APIResponse(responseCode = "200", description = "Dispatched")
    @APIResponse(responseCode = "404", description = "No such shipment")
    @APIResponse(responseCode = "409", description = "The shipment is not PENDING (already dispatched, or cancelled)")
    public ShipmentView dispatch(@PathParam("shipmentId") String shipmentId, @Valid @NotNull Dispatch dispatch) {
        Shipment shipment = find(shipmentId);
        if (shipment.status != Shipment.Status.PENDING) {
            throw new ClientErrorException(
                    "Shipment " + shipmentId + " is " + shipment.status + ", only a PENDING shipment can be dispatched",
                    Response.Status.CONFLICT);
        }
        shipment.status = Shipment.Status.DISPATCHED;
        shipment.carrier = dispatch.carrier();
        shipment.trackingNumber = dispatch.trackingNumber();
        shipment.dispatchedAt = Instant.now();
        outbox.publish("shipments", shipment.shipmentId, "ShipmentDispatched", new ShipmentDispatched(shipment.shipmentId,
                shipment.orderId, shipment.customerId, shipment.carrier, shipment.trackingNumber, shipment.dispatchedAt));
        return ShipmentView.of(shipment);
    }

    private static Shipment find(String shipmentId) {
        Shipment shipment = Shipment.findById(shipmentId);
        if (shipment == null) {
            throw new NotFoundException("No shipment " + shipmentId);
        }
        return shipment;
    }

    private static Shipment.Status parseStatus(String status) {
        try {
            return Shipment.Status.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status=" + status + " is not one of PENDING, DISPATCHED, CANCELLED");
        }
    }
}
