package io.sluice.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics from the beginning in the background, in bulk (so that it takes little CPU from what it measures),
 * {@code read_committed}, and keeps the broker append time of every record: any stretch of a relay's output can be
 * rated afterwards by append times (topics with {@code LogAppendTime}).
 */
final class TopicTail implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;
    private long[] appended = new long[1 << 16];
    private int count;
    private volatile String sample;

    TopicTail(String bootstrap, List<String> topics) {
        thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                    "group.id", "bench-tail-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                    "fetch.min.bytes", "1048576", "fetch.max.wait.ms", "200", "max.poll.records", "5000",
                    "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(topics);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (sample == null) {
                            sample = describe(record);
                        }
                        add(record.timestamp());
                    }
                }
            }
        }, "bench-tail");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void add(long appendedAt) {
        if (count == appended.length) {
            appended = Arrays.copyOf(appended, count * 2);
        }
        appended[count++] = appendedAt;
        notifyAll();
    }

    /** The first record read, as text (key, headers, value), to show what a relay publishes; null before. */
    String sample() {
        return sample;
    }

    private static String describe(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder text = new StringBuilder("key=").append(record.key() == null ? "null" : new String(record.key(), UTF_8))
                .append(" headers=");
        record.headers().forEach(
                h -> text.append(h.key()).append(':').append(h.value() == null ? "null" : new String(h.value(), UTF_8)).append(' '));
        String value = record.value() == null ? "null" : new String(record.value(), UTF_8).replaceAll("\\p{Cntrl}", ".");
        return text.append("value(").append(record.value() == null ? 0 : record.value().length).append(" B)=")
                .append(value.length() > 160 ? value.substring(0, 160) + "…" : value).toString();
    }

    synchronized int count() {
        return count;
    }

    /** Waits until {@code expected} records arrived in all; false when {@code timeout} passed first. */
    synchronized boolean await(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (count < expected) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 500));
        }
        return true;
    }

    /** Append times (epoch ms) of records {@code [from, to)} in arrival order. */
    synchronized long[] appendTimes(int from, int to) {
        return Arrays.copyOfRange(appended, from, to);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
