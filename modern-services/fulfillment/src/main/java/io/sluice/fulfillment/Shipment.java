package io.sluice.fulfillment;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One shipment per order: created PENDING when the order is placed, then DISPATCHED or CANCELLED. */
@Entity
@Table(schema = "fulfillment", name = "shipment")
public class Shipment extends PanacheEntityBase {

    public enum Status {
        PENDING, DISPATCHED, CANCELLED
    }

    @Id
    @Column(name = "shipment_id")
    public String shipmentId;

    @Column(name = "order_id", nullable = false, unique = true)
    public String orderId;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    public String carrier;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "dispatched_at")
    public Instant dispatchedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    /** Optimistic lock: a dispatch and a cancellation racing for the same shipment cannot both win. */
    @Version
    public int version;

    public static Shipment forOrder(String orderId) {
        return find("orderId", orderId).firstResult();
    }
}
