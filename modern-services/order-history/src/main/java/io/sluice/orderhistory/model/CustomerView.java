package io.sluice.orderhistory.model;

import java.time.Instant;
import java.time.LocalDate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One customer as the modern world sees it. Orders and customers come on different topics, so an
 * order can arrive before its customer: the row is then created with the id only, and
 * CustomerRegistered fills in the rest.
 */
@Entity
@Table(schema = "order_history", name = "customer_view")
public class CustomerView extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    public String name;
    public String email;
    public String phone;
    public Boolean active;

    @Column(name = "registered_on")
    public LocalDate registeredOn;

    /** Orders placed: incremented once per OrderPlaced, so a double effect would show here. */
    @Column(name = "order_count", nullable = false)
    public int orderCount;

    @Column(name = "last_event_id", nullable = false)
    public String lastEventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The customer an event is about, marked as last changed by that event; created with just the id
     * when no event about them was seen yet.
     */
    public static CustomerView touchedBy(String customerId, String eventId, Instant now) {
        CustomerView customer = findById(customerId);
        boolean created = customer == null;
        if (created) {
            customer = new CustomerView();
            customer.customerId = customerId;
        }
        customer.lastEventId = eventId;
        customer.updatedAt = now;
        if (created) {
            customer.persist();
        }
        return customer;
    }
}
