package io.sluice.consumer;

import java.time.Duration;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Applies an event exactly once in effect. Use it from a blocking, ordered {@code @Incoming} method:
 *
 * <pre>{@code
 * @Incoming("orders")
 * @Blocking
 * public void consume(ConsumerRecord<String, byte[]> record) {
 *     processor.process(IncomingEvent.from(record), this::apply);
 * }
 * }</pre>
 *
 * <ul>
 * <li>Each attempt is one new transaction holding the inbox claim of the event id and the handler's
 * effect: both commit or neither does. A redelivered event finds its id claimed and has no effect.</li>
 * <li>A failure that is not the event's fault (database down, lock timeout, data not there yet) is
 * retried with exponential backoff, 0.1 s doubling to 10 s, for as long as it lasts: skipping would
 * lose the event or break the order of its aggregate. The Kafka offset is committed only after
 * success, so a crash meanwhile redelivers the event.</li>
 * <li>A {@link PoisonEventException} (the event itself is wrong) is not retried: it is rethrown, and
 * the channel's {@code failure-strategy=dead-letter-queue} sends the record to the dead-letter topic
 * with the message as {@code dead-letter-reason}.</li>
 * </ul>
 */
@ApplicationScoped
public class InboxProcessor {

    private static final Logger LOG = Logger.getLogger(InboxProcessor.class);
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    @Inject
    Inbox inbox;
    @Inject
    ConsumerTracing tracing;

    /**
     * Runs in a CONSUMER span that continues the producer's trace ({@link ConsumerTracing}).
     *
     * @return true if the event took effect now, false if it had already been processed
     */
    public boolean process(IncomingEvent event, Consumer<IncomingEvent> handler) {
        ConsumerTracing.Processing trace = tracing.processing(event);
        try {
            boolean applied = Uni.createFrom().item(() -> trace.within(() -> attempt(event, handler)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // retries resubscribe: keep JTA off the event loop
                    .onFailure(InboxProcessor::isTransient)
                    .invoke(e -> {
                        LOG.warnf("Could not apply %s, will retry: %s", event, rootMessage(e));
                        trace.retrying(e);
                    })
                    .onFailure(InboxProcessor::isTransient)
                    .retry().withBackOff(FIRST_RETRY_DELAY, MAX_RETRY_DELAY).withJitter(0.2).indefinitely()
                    .await().indefinitely();
            LOG.debugf(applied ? "Applied %s" : "Already applied %s", event);
            trace.end(applied, null);
            return applied;
        } catch (PoisonEventException e) {
            LOG.errorf("Poison event, sent to the dead-letter topic: %s", e.getMessage());
            trace.end(false, e);
            throw e;
        } catch (RuntimeException e) {
            trace.end(false, e);
            throw e;
        }
    }

    private boolean attempt(IncomingEvent event, Consumer<IncomingEvent> handler) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!inbox.claim(event.id(), event.type())) {
                return false;
            }
            handler.accept(event);
            return true;
        });
    }

    static boolean isTransient(Throwable failure) {
        return !(failure instanceof PoisonEventException);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
