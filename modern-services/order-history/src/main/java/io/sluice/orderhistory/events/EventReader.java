package io.sluice.orderhistory.events;

import java.util.Map;

import io.sluice.consumer.EventData;
import io.sluice.consumer.IncomingEvent;

/** Which event types this service reads, as which of its {@link OrderEvents} records. */
public final class EventReader {

    /** The event types this service reads (all at version 1). */
    public static final Map<String, Class<?>> TYPES = Map.of(
            "OrderPlaced", OrderEvents.OrderPlaced.class,
            "OrderStatusChanged", OrderEvents.OrderStatusChanged.class,
            "OrderShipped", OrderEvents.OrderShipped.class,
            "OrderCancelled", OrderEvents.OrderCancelled.class,
            "CustomerRegistered", OrderEvents.CustomerRegistered.class,
            "CustomerContactDetailsChanged", OrderEvents.CustomerContactDetailsChanged.class,
            "CustomerDeactivated", OrderEvents.CustomerDeactivated.class,
            "ShipmentDispatched", OrderEvents.ShipmentDispatched.class);
    private static final int SUPPORTED_VERSION = 1;

    private EventReader() {
    }

    /** @return the event's data as its record type, or null if this service does not read the type */
    public static Object read(IncomingEvent event) {
        Class<?> type = TYPES.get(event.type());
        return type == null ? null : EventData.read(event, type, SUPPORTED_VERSION);
    }
}
