package io.sluice.orderhistory.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sluice.orderhistory.model.CustomerView;
import io.sluice.orderhistory.model.OrderView;

/** What the REST API returns; the entities stay internal. */
public final class Dtos {

    private Dtos() {
    }

    @Schema(description = "A page of results, newest first")
    public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
    }

    public record Money(BigDecimal amount, String currency) {
    }

    public record Line(int lineNo, String itemCode, int quantity, BigDecimal unitPrice) {
    }

    @Schema(description = "Shipment details, once the fulfillment service has dispatched the order")
    public record Shipment(String carrier, String trackingNumber, LocalDate shippedOn) {
    }

    @Schema(description = "An order, as built from OrderPlaced, OrderStatusChanged, OrderShipped, OrderCancelled and ShipmentDispatched")
    public record Order(String orderId, String customerId, LocalDate orderDate,
            @Schema(enumeration = {
                    "NEW", "PICKED", "SHIPPED", "DELIVERED", "CANCELLED"}) String status,
            Money total, String remark, List<Line> lines, Shipment shipment){

        static Order of(OrderView view) {
            Shipment shipment = view.carrier == null && view.shippedOn == null
                    ? null
                    : new Shipment(view.carrier, view.trackingNumber, view.shippedOn);
            return new Order(view.orderId, view.customerId, view.orderDate, view.status,
                    new Money(view.totalAmount, view.currency), view.remark,
                    view.lines.stream().map(l -> new Line(l.lineNo, l.itemCode, l.quantity, l.unitPrice)).toList(),
                    shipment);
        }
    }

    @Schema(description = "A customer, as built from the Customer* events and counted from OrderPlaced")
    public record Customer(String customerId, String name, String email, String phone, Boolean active,
            LocalDate registeredOn, int orderCount) {

        static Customer of(CustomerView view) {
            return new Customer(view.customerId, view.name, view.email, view.phone, view.active, view.registeredOn,
                    view.orderCount);
        }
    }
}
