package io.sluice.orderhistory.events;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.sluice.consumer.IncomingEvent;
import io.sluice.consumer.PoisonEventException;

/**
 * Turns an event's data into this service's view of it ({@link OrderEvents}). Pure code, so the
 * consumer's contract tests run it without Kafka or a database.
 */
public final class EventReader {

    /** The event types this service reads, with the version it understands. */
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

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventReader() {
    }

    /** @return the event's data as its record type, or null if this service does not read the type */
    public static Object read(IncomingEvent event) {
        Class<?> type = TYPES.get(event.type());
        if (type == null) {
            return null;
        }
        if (event.version() != SUPPORTED_VERSION) {
            throw new PoisonEventException("Event " + event + " has version " + event.version() + " of " + event.type()
                    + "; this service reads version " + SUPPORTED_VERSION);
        }
        try {
            return JSON.readValue(event.data(), type);
        } catch (IOException e) {
            throw new PoisonEventException("Event " + event + " does not fit " + event.type() + " v" + event.version()
                    + ": " + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** Reads data of a known type directly; used by tests that hold just the payload. */
    public static <T> T read(byte[] data, Class<T> type) throws IOException {
        return JSON.readValue(data, type);
    }
}
