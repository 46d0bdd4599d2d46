package io.sluice.testkit.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Prints the events of topics as they arrive: headers, key and value. {@code scripts/watch-events}. */
public final class WatchEvents {

    private WatchEvents() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: WatchEvents <bootstrap-servers> <topic> [<topic> ...]");
            System.exit(2);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", args[0],
                "group.id", "sluice-watch-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "enable.auto.commit", "false",
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(args).subList(1, args.length));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder line = new StringBuilder(record.topic()).append(" key=").append(record.key());
                    for (Header header : record.headers()) {
                        line.append(' ').append(header.key()).append('=').append(new String(header.value(), UTF_8));
                    }
                    System.out.println(line.append("\n    ").append(record.value()));
                }
            }
        }
    }
}
