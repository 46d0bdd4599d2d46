package io.sluice.testkit.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from their beginning and keeps every record seen so far, once per offset (so the
 * records it returns are what Kafka holds, duplicates on Kafka included). Made for Awaitility:
 * {@code await().untilAsserted(() -> assertThat(collector.poll()).anyMatch(...))}.
 * Not thread-safe: use it from the test thread.
 */
public final class RecordCollector implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    /** By topic-partition-offset: a consumer that re-reads after a broker restart does not count a record twice. */
    private final Map<String, ConsumerRecord<String, String>> records = new LinkedHashMap<>();

    public RecordCollector(String bootstrapServers, String... topics) {
        this(bootstrapServers, Map.of(), topics);
    }

    /** @param clientSettings further consumer settings, such as a secured listener's {@code security.protocol}, {@code sasl.*}, {@code ssl.*} */
    public RecordCollector(String bootstrapServers, Map<String, String> clientSettings, String... topics) {
        Map<String, Object> settings = new LinkedHashMap<>(clientSettings);
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "sluice-test-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topics));
    }

    /** Polls once (up to 200 ms) and returns every record seen since this collector was created. */
    public List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> records.putIfAbsent(r.topic() + "-" + r.partition() + "@" + r.offset(), r));
        return List.copyOf(records.values());
    }

    /** The value of a header as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
