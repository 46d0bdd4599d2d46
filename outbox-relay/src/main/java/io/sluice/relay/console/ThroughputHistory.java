package io.sluice.relay.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.relay.capture.RelayStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The console's charts: every second, changes read and events published per second and the end-to-end lag of the
 * events acknowledged in that second, kept in memory for the last 15 minutes. Everything comes from what the relay
 * counts anyway: {@link RelayStatus#changesRead()}, the {@code sluice.events.published} counters and the
 * {@code sluice.end.to.end.lag} timer ({@link io.sluice.relay.metrics.RelayMetrics}).
 */
@ApplicationScoped
public class ThroughputHistory {

    /** How far back the charts go. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration STEP = Duration.ofSeconds(1);

    /**
     * One second of the relay's life.
     *
     * @param lagMillis mean source-commit-to-acknowledgement time of the events acknowledged in this second; null if none
     */
    public record Sample(Instant at, double changesPerSecond, double eventsPerSecond, Double lagMillis) {
    }

    /** Cumulative figures at one instant; samples are the differences of two. */
    record Totals(Instant at, long changesRead, double eventsPublished, long lagCount, double lagTotalMillis) {
    }

    @Inject
    RelayStatus status;
    @Inject
    MeterRegistry registry;

    private final Sample[] ring = new Sample[(int) (WINDOW.toSeconds() / STEP.toSeconds())];
    private long sampled;
    private Totals previous;
    /** Quarkus's managed executor: takes the samples. */
    @Inject
    ScheduledExecutorService executor;

    private ScheduledFuture<?> sampler;

    void onStart(@Observes StartupEvent event) {
        sampler = executor.scheduleAtFixedRate(this::sample, 0, STEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sampler != null) {
            sampler.cancel(false);
        }
    }

    private void sample() {
        try {
            Timer lag = registry.find("sluice.end.to.end.lag").timer();
            double published = registry.find("sluice.events.published").counters().stream().mapToDouble(Counter::count).sum();
            add(new Totals(Instant.now(), status.changesRead(), published, lag == null ? 0 : lag.count(),
                    lag == null ? 0 : lag.totalTime(TimeUnit.MILLISECONDS)));
        } catch (RuntimeException e) {
            // a chart gap rather than a dead sampler thread
        }
    }

    /** Adds the second that ends at {@code now}. */
    synchronized void add(Totals now) {
        if (previous != null) {
            double seconds = Math.max(0.001, Duration.between(previous.at(), now.at()).toMillis() / 1000.0);
            long lagged = now.lagCount() - previous.lagCount();
            Sample sample = new Sample(now.at(), (now.changesRead() - previous.changesRead()) / seconds,
                    (now.eventsPublished() - previous.eventsPublished()) / seconds,
                    lagged > 0 ? (now.lagTotalMillis() - previous.lagTotalMillis()) / lagged : null);
            ring[(int) (sampled++ % ring.length)] = sample;
        }
        previous = now;
    }

    /** The samples of the window, oldest first. */
    public synchronized List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (long i = Math.max(0, sampled - ring.length); i < sampled; i++) {
            samples.add(ring[(int) (i % ring.length)]);
        }
        return samples;
    }
}
