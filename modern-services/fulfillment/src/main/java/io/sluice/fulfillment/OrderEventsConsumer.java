package io.sluice.fulfillment;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.sluice.consumer.EventData;
import io.sluice.consumer.InboxProcessor;
import io.sluice.consumer.IncomingEvent;
import io.sluice.fulfillment.FulfillmentEvents.OrderCancelled;
import io.sluice.fulfillment.FulfillmentEvents.OrderPlaced;
import io.sluice.fulfillment.FulfillmentEvents.ShipmentCancelled;
import io.sluice.outbox.OutboxWriter;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reacts to legacy orders ({@code orders.events}): a placed order gets a PENDING shipment, a cancelled
 * order cancels its shipment unless it already left (then it is logged for a human: the goods are on
 * the road). Each event takes effect once ({@link InboxProcessor}); events of one order apply in order.
 */
@ApplicationScoped
public class OrderEventsConsumer {

    private static final Logger LOG = Logger.getLogger(OrderEventsConsumer.class);

    @Inject
    InboxProcessor processor;
    @Inject
    OutboxWriter outbox;

    @Incoming("orders")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(IncomingEvent.from(record), this::apply);
    }

    void apply(IncomingEvent event) {
        switch (event.type()) {
            case "OrderPlaced" -> placed(EventData.read(event, OrderPlaced.class, 1));
            case "OrderCancelled" -> cancelled(event, EventData.read(event, OrderCancelled.class, 1));
            default -> LOG.debugf("Ignoring %s", event);
        }
    }

    private void placed(OrderPlaced placed) {
        if (Shipment.forOrder(placed.orderId()) != null) {
            return; // a second OrderPlaced for the same order (e.g. a re-snapshot): one shipment per order
        }
        Shipment shipment = new Shipment();
        shipment.shipmentId = UUID.randomUUID().toString();
        shipment.orderId = placed.orderId();
        shipment.customerId = placed.customerId();
        shipment.itemCount = placed.itemCount();
        shipment.status = Shipment.Status.PENDING;
        shipment.createdAt = Instant.now();
        shipment.persist();
    }

    private void cancelled(IncomingEvent event, OrderCancelled cancelled) {
        Shipment shipment = Shipment.forOrder(cancelled.orderId());
        if (shipment == null) {
            LOG.warnf("%s: no shipment for order %s, nothing to cancel", event, cancelled.orderId());
            return;
        }
        switch (shipment.status) {
            case PENDING -> {
                shipment.status = Shipment.Status.CANCELLED;
                shipment.cancelledAt = Instant.now();
                outbox.publish("shipments", shipment.shipmentId, "ShipmentCancelled",
                        new ShipmentCancelled(shipment.shipmentId, shipment.orderId, shipment.cancelledAt));
            }
            case DISPATCHED -> LOG.warnf("%s: shipment %s of order %s was already dispatched (%s %s); it cannot be cancelled here",
                    event, shipment.shipmentId, shipment.orderId, shipment.carrier, shipment.trackingNumber);
            case CANCELLED -> LOG.debugf("%s: shipment %s already cancelled", event, shipment.shipmentId);
        }
    }
}
