package io.sluice.relay.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sluice.adapter.event.DomainEvent;
import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The last events Kafka acknowledged, for the console's live tail: a bounded ring buffer fed on the producer's I/O
 * thread (by {@link io.sluice.relay.metrics.RelayMetrics#published}), so appending is one short lock and no copy. The
 * events are held as published: a masked field already carries {@code ****} and an excluded column is not in them;
 * {@link TailView} renders them.
 */
@ApplicationScoped
public class LiveTail {

    /** How many events the tail keeps. */
    public static final int CAPACITY = 500;

    /** One acknowledged event. */
    public record Entry(DomainEvent event, String topic, Instant acknowledgedAt) {
    }

    private final Entry[] ring = new Entry[CAPACITY];
    private long appended;
    private String topicPattern;

    @Inject
    RelayConfig config;

    public LiveTail() {
    }

    /** Without the container (tests). */
    public LiveTail(String topicPattern) {
        this.topicPattern = topicPattern;
    }

    /** Kafka acknowledged the event. */
    public void published(DomainEvent event, long acknowledgedAtMillis) {
        Entry entry = new Entry(event, null, Instant.ofEpochMilli(acknowledgedAtMillis));
        synchronized (ring) {
            ring[(int) (appended++ % CAPACITY)] = entry;
        }
    }

    /** The last {@code limit} events, newest first. */
    public List<Entry> last(int limit) {
        List<Entry> newestFirst = new ArrayList<>();
        synchronized (ring) {
            long from = appended - 1;
            long to = Math.max(0, appended - Math.min(limit, CAPACITY));
            for (long i = from; i >= to; i--) {
                newestFirst.add(ring[(int) (i % CAPACITY)]);
            }
        }
        String pattern = pattern();
        return newestFirst.stream()
                .map(e -> new Entry(e.event(), pattern.replace("{aggregate}", e.event().aggregateType()), e.acknowledgedAt()))
                .toList();
    }

    /** Events acknowledged since the relay started. */
    public long count() {
        synchronized (ring) {
            return appended;
        }
    }

    private String pattern() {
        if (topicPattern == null) {
            topicPattern = config.publish().topicPattern();
        }
        return topicPattern;
    }
}
