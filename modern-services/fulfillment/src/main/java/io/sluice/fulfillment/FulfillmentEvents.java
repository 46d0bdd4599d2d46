package io.sluice.fulfillment;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The events fulfillment reads (as it reads them: tolerant) and the events it publishes. */
public final class FulfillmentEvents {

    private FulfillmentEvents() {
    }

    // --- read, from Sluice's legacy order mappings (orders.events)

    public record Line(@JsonProperty(required = true) int quantity) {
    }

    /** {@code OrderPlaced} v1: fulfillment needs the order, the customer and how many items to pack. */
    public record OrderPlaced(@JsonProperty(required = true) String orderId, @JsonProperty(required = true) String customerId,
            List<Line> lines) {

        public OrderPlaced {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }

        int itemCount() {
            return lines.stream().mapToInt(Line::quantity).sum();
        }
    }

    /** {@code OrderCancelled} v1. */
    public record OrderCancelled(@JsonProperty(required = true) String orderId) {
    }

    // --- published through fulfillment's outbox (shipments.events)

    /** {@code ShipmentDispatched} v1. */
    public record ShipmentDispatched(String shipmentId, String orderId, String customerId, String carrier,
            String trackingNumber, Instant dispatchedAt) {
    }

    /** {@code ShipmentCancelled} v1: the order was cancelled before the shipment left. */
    public record ShipmentCancelled(String shipmentId, String orderId, Instant cancelledAt) {
    }
}
