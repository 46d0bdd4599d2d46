package io.sluice.orderhistory.consume;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.sluice.consumer.IncomingEvent;
import io.sluice.consumer.PoisonEventException;
import io.sluice.orderhistory.events.EventReader;
import io.sluice.orderhistory.events.OrderEvents.CustomerContactDetailsChanged;
import io.sluice.orderhistory.events.OrderEvents.CustomerDeactivated;
import io.sluice.orderhistory.events.OrderEvents.CustomerRegistered;
import io.sluice.orderhistory.events.OrderEvents.OrderCancelled;
import io.sluice.orderhistory.events.OrderEvents.OrderPlaced;
import io.sluice.orderhistory.events.OrderEvents.OrderShipped;
import io.sluice.orderhistory.events.OrderEvents.OrderStatusChanged;
import io.sluice.orderhistory.events.OrderEvents.ShipmentDispatched;
import io.sluice.orderhistory.model.CustomerView;
import io.sluice.orderhistory.model.OrderLine;
import io.sluice.orderhistory.model.OrderView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Applies one event to the read model, inside the transaction {@link io.sluice.consumer.InboxProcessor} opened. */
@ApplicationScoped
public class Projector {

    private static final Logger LOG = Logger.getLogger(Projector.class);

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(IncomingEvent event) {
        Object data = EventReader.read(event);
        if (data == null) {
            LOG.debugf("Ignoring event %s: not a type this service reads", event);
            return;
        }
        Instant now = Instant.now();
        if (data instanceof OrderPlaced placed) {
            placed(event, placed, now);
        } else if (data instanceof OrderStatusChanged changed) {
            order(event, changed.orderId(), now).status = changed.status();
        } else if (data instanceof OrderShipped shipped) {
            OrderView order = order(event, shipped.orderId(), now);
            order.status = "SHIPPED";
            order.shippedOn = shipped.shippedDate();
        } else if (data instanceof OrderCancelled cancelled) {
            order(event, cancelled.orderId(), now).status = "CANCELLED";
        } else if (data instanceof ShipmentDispatched dispatched) {
            if (OrderView.findById(dispatched.orderId()) == null) {
                // another topic: the order's OrderPlaced may simply not have been consumed yet
                throw new OrderNotYetKnownException("Event " + event + " is about order " + dispatched.orderId()
                        + ", which has not been placed here yet; retrying");
            }
            OrderView order = order(event, dispatched.orderId(), now);
            order.carrier = dispatched.carrier();
            order.trackingNumber = dispatched.trackingNumber();
        } else if (data instanceof CustomerRegistered registered) {
            CustomerView customer = customer(event, registered.customerId(), now);
            customer.name = registered.name();
            customer.email = registered.email();
            customer.phone = registered.phone();
            customer.active = registered.active();
            customer.registeredOn = registered.registeredOn();
        } else if (data instanceof CustomerContactDetailsChanged changed) {
            CustomerView customer = customer(event, changed.customerId(), now);
            customer.email = changed.email();
            customer.phone = changed.phone();
        } else if (data instanceof CustomerDeactivated deactivated) {
            customer(event, deactivated.customerId(), now).active = false;
        }
    }

    private void placed(IncomingEvent event, OrderPlaced placed, Instant now) {
        OrderView order = OrderView.findById(placed.orderId());
        if (order == null) {
            order = new OrderView();
            order.orderId = placed.orderId();
        }
        order.customerId = placed.customerId();
        order.orderDate = placed.orderDate();
        order.status = placed.status();
        order.totalAmount = placed.total().amount();
        order.currency = placed.total().currency();
        order.remark = placed.remark();
        order.lines.clear();
        for (var line : placed.lines()) {
            OrderLine row = new OrderLine();
            row.lineNo = line.lineNo();
            row.itemCode = line.itemCode();
            row.quantity = line.quantity();
            row.unitPrice = line.unitPrice();
            order.lines.add(row);
        }
        order.lastEventId = event.id();
        order.updatedAt = now;
        order.persist();

        CustomerView customer = customer(event, placed.customerId(), now);
        customer.orderCount++;
    }

    /**
     * The order an event is about. Events of one order share a partition and arrive in order, so an
     * unknown order means its OrderPlaced was never seen (e.g. the service started after it): the
     * event cannot be applied and is poison rather than retried for ever.
     */
    private static OrderView order(IncomingEvent event, String orderId, Instant now) {
        OrderView order = OrderView.findById(orderId);
        if (order == null) {
            throw new PoisonEventException("Event " + event + " is about order " + orderId
                    + ", which this service has never seen placed");
        }
        order.lastEventId = event.id();
        order.updatedAt = now;
        return order;
    }

    /** A transient condition: the event refers to an order placed on another topic, not consumed yet. */
    static class OrderNotYetKnownException extends RuntimeException {
        OrderNotYetKnownException(String message) {
            super(message);
        }
    }

    private static CustomerView customer(IncomingEvent event, String customerId, Instant now) {
        return CustomerView.touchedBy(customerId, event.id(), now);
    }
}
