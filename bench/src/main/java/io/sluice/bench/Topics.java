package io.sluice.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Topics stamped by the broker (LogAppendTime), so a record's timestamp is when Kafka appended it. */
final class Topics {

    private final String bootstrap;

    Topics(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void create(String... names) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, 1, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")));
            }
            admin.createTopics(topics).all().get();
        }
    }

    /** One received record: its event id, broker append time and the time this reader got it (both epoch ms). */
    record Received(String id, long appendedAt, long receivedAt, int valueBytes) {
    }

    /**
     * Reads {@code topic} from the beginning until {@code expected} distinct event ids arrived or
     * {@code timeout} passed, handing each first arrival to {@code sink} as it comes.
     */
    int read(String topic, int expected, Duration timeout, Consumer<Received> sink) {
        return read(topic, expected, timeout, sink, false);
    }

    /**
     * @param bulk fetch in large batches (up to 200 ms late): for throughput runs, whose rate comes from broker append
     *             times, so that the reader takes less of the machine's CPU from the relay and the broker it measures;
     *             otherwise every record is fetched at once (within 5 ms), for latency
     */
    int read(String topic, int expected, Duration timeout, Consumer<Received> sink, boolean bulk) {
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "fetch.min.bytes", bulk ? "1048576" : "1", "fetch.max.wait.ms", bulk ? "200" : "5",
                "max.poll.records", bulk ? "5000" : "500", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    String eventId = eventId(record);
                    if (seen.add(eventId)) {
                        sink.accept(new Received(eventId, record.timestamp(), now, record.value() == null ? 0 : record.value().length));
                    }
                }
            }
        }
        return seen.size();
    }

    /**
     * The event id: Sluice's {@code ce_id} header, else the {@code id} header of Debezium's outbox {@code EventRouter}
     * (a JSON string through the JSON header converter), else the record's place in its topic.
     */
    private static String eventId(ConsumerRecord<String, byte[]> record) {
        Header id = record.headers().lastHeader("ce_id");
        if (id == null) {
            id = record.headers().lastHeader("id");
        }
        if (id == null || id.value() == null) {
            return record.topic() + record.offset();
        }
        String text = new String(id.value(), UTF_8);
        return text.length() > 1 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
