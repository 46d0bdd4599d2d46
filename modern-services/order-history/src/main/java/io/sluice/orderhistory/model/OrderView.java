package io.sluice.orderhistory.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
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

    public String remark;

    @Column(name = "shipped_on")
    public LocalDate shippedOn;

    public String carrier;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(schema = "order_history", name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("lineNo")
    public List<OrderLine> lines = new ArrayList<>();

    @Column(name = "last_event_id", nullable = false)
    public String lastEventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
