package io.sluice.orderhistory.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.sluice.consumer.InboxProcessor;
import io.sluice.consumer.IncomingEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes Sluice's topics: the legacy-derived {@code orders.events} and {@code customers.events},
 * and the fulfillment service's {@code shipments.events}. Records of a partition are processed one at
 * a time, in order ({@code @Blocking} is ordered), so the events of one aggregate (same key) apply in
 * the order they happened; {@link InboxProcessor} makes each take effect once, retries transient
 * failures and lets poison go to {@code order-history.dead-letter}.
 */
@ApplicationScoped
public class EventsConsumer {

    @Inject
    InboxProcessor processor;
    @Inject
    Projector projector;

    @Incoming("orders")
    @Incoming("customers")
    @Incoming("shipments")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        processor.process(IncomingEvent.from(record), projector::apply);
    }
}
