package io.sluice.consumer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Applies an event exactly once in effect. Use it from a blocking, ordered {@code @Incoming} method whose channel
 * has {@code failure-strategy=sluice-dead-letter-queue} ({@link StoppingAwareDeadLetterQueue}):
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
 * retried on the caller's thread with exponential backoff, 0.1 s doubling to 10 s (±20 % jitter), for as long
 * as it lasts: skipping would lose the event or break the order of its aggregate. The Kafka offset is committed
 * only after success, so a crash meanwhile redelivers the event.</li>
 * <li>A {@link PoisonEventException} (the event itself is wrong) is not retried: it is rethrown, and
 * the channel's failure strategy sends the record to the dead-letter topic with the message as
 * {@code dead-letter-reason}.</li>
 * <li>When the application stops ({@link ShutdownEvent}, before Hibernate ORM and the Kafka connector close),
 * attempts in flight may finish (up to {@link #IN_FLIGHT_GRACE}); from then on nothing is applied and no retry
 * waits: {@code process} throws {@link NotAppliedWhileStopping} at once, which the failure strategy leaves
 * unacknowledged, so the event's offset stays uncommitted and the next start applies it. Without this, an event
 * arriving during the shutdown would be retried against a closed database until the worker pool is interrupted
 * (17 s of a demo's Ctrl-C), and then dead-lettered.</li>
 * </ul>
 */
@ApplicationScoped
public class InboxProcessor {

    private static final Logger LOG = Logger.getLogger(InboxProcessor.class);
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);
    static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(5);

    /** Attempts hold the read lock; stopping takes the write lock and keeps it, so no attempt runs after that. */
    private final ReentrantReadWriteLock applying = new ReentrantReadWriteLock();
    private final CountDownLatch stopping = new CountDownLatch(1);

    @Inject
    Inbox inbox;
    @Inject
    ConsumerTracing tracing;

    /**
     * Runs in a CONSUMER span that continues the producer's trace ({@link ConsumerTracing}).
     *
     * @return true if the event took effect now, false if it had already been processed
     * @throws PoisonEventException     the event can never be applied (dead-letter it)
     * @throws NotAppliedWhileStopping the application is stopping: the event was not applied (leave it uncommitted)
     */
    public boolean process(IncomingEvent event, Consumer<IncomingEvent> handler) {
        ConsumerTracing.Processing trace = tracing.processing(event);
        try {
            boolean applied = applyRetrying(event, handler, trace);
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

    private boolean applyRetrying(IncomingEvent event, Consumer<IncomingEvent> handler, ConsumerTracing.Processing trace) {
        long delayMillis = FIRST_RETRY_DELAY.toMillis();
        while (true) {
            try {
                return trace.within(() -> attempt(event, handler));
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                if (isStopping()) {
                    throw new NotAppliedWhileStopping(event, e);
                }
                LOG.warnf("Could not apply %s, will retry: %s", event, rootMessage(e));
                trace.retrying(e);
                awaitRetry(event, jittered(delayMillis), e);
                delayMillis = Math.min(delayMillis * 2, MAX_RETRY_DELAY.toMillis());
            }
        }
    }

    private boolean attempt(IncomingEvent event, Consumer<IncomingEvent> handler) {
        Lock lock = applying.readLock();
        if (!lock.tryLock()) {
            throw new NotAppliedWhileStopping(event, null);
        }
        try {
            if (isStopping()) {
                throw new NotAppliedWhileStopping(event, null);
            }
            return QuarkusTransaction.requiringNew().call(() -> {
                if (!inbox.claim(event.id(), event.type())) {
                    return false;
                }
                handler.accept(event);
                return true;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Waits before the next attempt; returns early, by throwing, when the application begins to stop. */
    private void awaitRetry(IncomingEvent event, long millis, RuntimeException failure) {
        try {
            if (stopping.await(millis, TimeUnit.MILLISECONDS)) {
                throw new NotAppliedWhileStopping(event, failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAppliedWhileStopping(event, failure);
        }
    }

    private static long jittered(long millis) {
        return (long) (millis * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /**
     * Fired before Hibernate ORM and the Kafka connector close: stop applying, let attempts in flight finish while
     * the database is still open, and wake retries that wait.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
        try {
            if (!applying.writeLock().tryLock(IN_FLIGHT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("Stopping while an event is still being applied after %d s: its transaction will fail and"
                        + " roll back; the event stays uncommitted and is applied at the next start", IN_FLIGHT_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isTransient(Throwable failure) {
        return !(failure instanceof PoisonEventException) && !(failure instanceof NotAppliedWhileStopping);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
