package io.sluice.orderhistory;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Consumes the {@code orders.events} topic (CloudEvents in Kafka binary mode: the type and id are
 * {@code ce_*} headers, the value is the event's JSON data) and keeps {@link OrderView} up to date.
 * Each event is applied at most once: its id is claimed in the inbox in the same transaction.
 */
@ApplicationScoped
public class OrderEventsConsumer {

    private static final Logger LOG = Logger.getLogger(OrderEventsConsumer.class);

    @Inject
    Inbox inbox;
    @Inject
    ObjectMapper json;

    @Incoming("orders")
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) throws IOException {
        String eventId = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (eventId == null || type == null) {
            throw new IllegalArgumentException("Record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " is not a CloudEvent: ce_id or ce_type header missing");
        }
        if (!inbox.claim(eventId, type)) {
            LOG.debugf("Event %s (%s) was already processed", eventId, type);
            return;
        }
        JsonNode data = json.readTree(record.value());
        switch (type) {
            case "OrderPlaced" -> placed(eventId, data);
            case "OrderStatusChanged" -> statusChanged(eventId, data);
            default -> LOG.debugf("Ignoring event %s of type %s", eventId, type);
        }
    }

    private void placed(String eventId, JsonNode data) {
        String orderId = data.path("orderId").asText();
        OrderView order = OrderView.findById(orderId);
        if (order == null) {
            order = new OrderView();
            order.orderId = orderId;
        }
        order.customerId = data.path("customerId").asText();
        order.orderDate = LocalDate.parse(data.path("orderDate").asText());
        order.status = data.path("status").asText();
        order.totalAmount = data.path("total").path("amount").decimalValue();
        order.currency = data.path("total").path("currency").asText();
        order.lastEventId = eventId;
        order.updatedAt = Instant.now();
        order.persist();
    }

    private void statusChanged(String eventId, JsonNode data) {
        OrderView order = OrderView.findById(data.path("orderId").asText());
        if (order == null) {
            LOG.warnf("Status change %s for unknown order %s", eventId, data.path("orderId").asText());
            return;
        }
        order.status = data.path("status").asText();
        order.lastEventId = eventId;
        order.updatedAt = Instant.now();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
