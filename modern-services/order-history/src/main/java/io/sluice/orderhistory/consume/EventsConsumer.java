package io.sluice.orderhistory.consume;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.sluice.orderhistory.events.IncomingEvent;
import io.sluice.orderhistory.events.PoisonEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes Sluice's topics: the legacy-derived {@code orders.events} and {@code customers.events},
 * and the fulfillment service's {@code shipments.events}. The pattern to copy:
 * <ul>
 * <li>records of a partition are processed one at a time, in order ({@code @Blocking}, ordered), so
 * the events of one aggregate (same key) apply in the order they happened;</li>
 * <li>each attempt is its own transaction holding the effect and the inbox claim of the event id
 * ({@link Projector}), so a redelivery has no second effect;</li>
 * <li>a failure that is not the event's fault (database down, lock timeout, an order not consumed
 * yet) is retried with exponential backoff (0.1 s doubling to 10 s, Mutiny) for as long as it lasts: skipping would lose the event or
 * break the order of its aggregate; Kafka offsets are committed only after success;</li>
 * <li>a {@link PoisonEventException} (the event itself is wrong) is not retried: the record goes to
 * the dead-letter topic {@code order-history.dead-letter} with the reason, and the stream goes on.</li>
 * </ul>
 */
@ApplicationScoped
public class EventsConsumer {

    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);

    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    @Inject
    Projector projector;

    @Incoming("orders")
    @Incoming("customers")
    @Incoming("shipments")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        try {
            boolean applied = Uni.createFrom().item(() -> projector.apply(event))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // retries resubscribe: keep JTA off the event loop
                    .onFailure(e -> !(e instanceof PoisonEventException))
                    .invoke(e -> LOG.warnf("Could not apply %s, will retry: %s", event, rootMessage(e)))
                    .onFailure(e -> !(e instanceof PoisonEventException))
                    .retry().withBackOff(FIRST_RETRY_DELAY, MAX_RETRY_DELAY).withJitter(0.2).indefinitely()
                    .await().indefinitely();
            if (applied) {
                LOG.debugf("Applied %s", event);
            }
        } catch (PoisonEventException e) {
            LOG.errorf("Poison event, sent to the dead-letter topic: %s", e.getMessage());
            throw e;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
