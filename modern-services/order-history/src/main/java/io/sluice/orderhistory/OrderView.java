package io.sluice.orderhistory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One order as the modern world sees it, kept up to date from order events. */
@Entity
@Table(schema = "order_history", name = "order_view")
public class OrderView extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public String orderId;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "order_date", nullable = false)
    public LocalDate orderDate;

    @Column(nullable = false)
    public String status;

    @Column(name = "total_amount", nullable = false)
    public BigDecimal totalAmount;

    @Column(nullable = false)
    public String currency;

    @Column(name = "last_event_id", nullable = false)
    public String lastEventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
