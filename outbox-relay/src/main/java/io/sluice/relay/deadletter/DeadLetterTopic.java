package io.sluice.relay.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.publish.DeadLetterHeaders;
import io.sluice.relay.publish.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads the dead-letter topic from its beginning to its current end with a short-lived consumer (assigned
 * partitions, no consumer group, {@code read_committed}), and pairs each dead letter with the last replay marker
 * that names it. Meant for the dead-letter topic of a relay — thousands of records, not millions.
 */
@ApplicationScoped
public class DeadLetterTopic {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    RelayConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    KafkaClients kafka;

    /** A dead letter and what its latest replay did (null: never replayed). */
    record Entry(DeadLetter deadLetter, ReplayMarker lastReplay) {
        boolean replayed() {
            return lastReplay != null && lastReplay.outcome() == ReplayMarker.Outcome.PUBLISHED;
        }
    }

    /** The topic could not be read completely; the message says how far it got. */
    static final class UnreadableException extends OperationRefusedException {
        UnreadableException(String message, Throwable cause) {
            super(503, message, cause);
        }
    }

    String name() {
        return config.publish().deadLetterTopic();
    }

    /** Every dead letter on the topic now, in partition and offset order, with its latest replay. */
    List<Entry> read() {
        ObjectReader reader = DeadLetter.reader(json);
        Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
        Map<String, ReplayMarker> markers = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(name(), READ_TIMEOUT);
            } catch (UnknownTopicOrPartitionException e) {
                return List.of();
            }
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnd(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new UnreadableException("Read the dead-letter topic " + name() + " only up to " + positions(consumer, partitions)
                            + " of " + end + " within " + READ_TIMEOUT.toSeconds() + " s", null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    if (record.headers().lastHeader(DeadLetterHeaders.REPLAY_OF) != null) {
                        ReplayMarker marker = ReplayMarker.of(record, reader);
                        if (marker != null) {
                            markers.put(marker.replayed(), marker); // later markers override earlier ones
                        }
                    } else {
                        DeadLetter deadLetter = DeadLetter.of(record, reader);
                        deadLetters.put(deadLetter.id(), deadLetter);
                    }
                }
            }
        } catch (UnreadableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnreadableException(
                    "Cannot read the dead-letter topic " + name() + " at " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>(deadLetters.size());
        deadLetters.forEach((id, deadLetter) -> entries.add(new Entry(deadLetter, markers.get(id))));
        return entries;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, READ_TIMEOUT) < end.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    private static Map<Integer, Long> positions(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<Integer, Long> positions = new LinkedHashMap<>();
        partitions.forEach(p -> positions.put(p.partition(), consumer.position(p)));
        return positions;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = kafka.connection();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-dead-letter-reader");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return settings;
    }
}
