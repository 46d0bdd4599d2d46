package io.sluice.orderhistory.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The events this service relies on, as this service reads them. Fields not listed here are ignored
 * (tolerant reader); fields marked required must be present, or the event is poison. The contract
 * tests ({@code OrderHistoryContractTest}) state the same expectations to the producers.
 */
public final class OrderEvents {

    private OrderEvents() {
    }

    public record Money(@JsonProperty(required = true) BigDecimal amount, @JsonProperty(required = true) String currency) {
    }

    public record Line(@JsonProperty(required = true) int lineNo, @JsonProperty(required = true) String itemCode,
            @JsonProperty(required = true) int quantity, @JsonProperty(required = true) BigDecimal unitPrice) {
    }

    /** {@code OrderPlaced} v1, from the legacy order header and the lines of the same transaction. */
    public record OrderPlaced(@JsonProperty(required = true) String orderId, @JsonProperty(required = true) String customerId,
            @JsonProperty(required = true) LocalDate orderDate, @JsonProperty(required = true) String status,
            @JsonProperty(required = true) Money total, String remark, List<Line> lines) {

        public OrderPlaced {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** {@code OrderStatusChanged} v1. */
    public record OrderStatusChanged(@JsonProperty(required = true) String orderId, @JsonProperty(required = true) String status,
            String previousStatus) {
    }

    /** {@code OrderShipped} v1: the legacy status went to SHIPPED. */
    public record OrderShipped(@JsonProperty(required = true) String orderId, LocalDate shippedDate) {
    }

    /** {@code OrderCancelled} v1. */
    public record OrderCancelled(@JsonProperty(required = true) String orderId) {
    }

    /** {@code CustomerRegistered} v1. */
    public record CustomerRegistered(@JsonProperty(required = true) String customerId, @JsonProperty(required = true) String name,
            String email, String phone, Boolean active, LocalDate registeredOn) {
    }

    /** {@code CustomerContactDetailsChanged} v1. */
    public record CustomerContactDetailsChanged(@JsonProperty(required = true) String customerId, String email, String phone) {
    }

    /** {@code CustomerDeactivated} v1. */
    public record CustomerDeactivated(@JsonProperty(required = true) String customerId) {
    }

    /** {@code ShipmentDispatched} v1, published by the fulfillment service through its outbox. */
    public record ShipmentDispatched(@JsonProperty(required = true) String shipmentId, @JsonProperty(required = true) String orderId,
            @JsonProperty(required = true) String carrier, @JsonProperty(required = true) String trackingNumber,
            Instant dispatchedAt) {
    }
}
