package io.sluice.relay.position;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Reads a positions topic from its beginning to its end into a map of keys to values (a null value removes its key),
 * with the relay's connection to Kafka taken from the engine's settings; used by {@link PositionsTopicStore}.
 */
final class PositionsTopicReader {

    private final Map<String, String> settings;

    PositionsTopicReader(Map<String, String> settings) {
        this.settings = settings;
    }

    /** Reads the positions topic with read_committed until every transaction before its current end has ended. */
    int readCommitted(String topic, Duration timeout, Map<ByteBuffer, ByteBuffer> data) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(clientSettings(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-positions-end"));
                KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed")) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                throw new ConnectException("The positions topic " + topic + " (sluice.source.positions-topic) does not exist; the relay"
                        + " creates it at start-up unless it may not: create it compacted (cleanup.policy=compact)");
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((p, info) -> end.put(p, info.offset()));
            return readUntil(consumer, partitions, end, data, deadline, "an open transaction on " + topic + " did not end within "
                    + timeout.toSeconds() + " s (a frozen producer of another source sharing the topic? it ends at its transaction"
                    + " timeout)");
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Cannot find the end of the positions topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reading the positions topic " + topic, e);
        }
    }

    private static int readUntil(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end,
            Map<ByteBuffer, ByteBuffer> data, long deadline, String late) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        int read = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new ConnectException("Cannot read the source positions to their end: " + late);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                read++;
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    data.remove(ByteBuffer.wrap(record.key()));
                } else {
                    data.put(ByteBuffer.wrap(record.key()), ByteBuffer.wrap(record.value()));
                }
            }
        }
        return read;
    }

    /** Reads a topic written without transactions (Kafka Connect's offsets topic) to its end; empty if it does not exist. */
    Map<ByteBuffer, ByteBuffer> readAll(String topic, Duration timeout) {
        Map<ByteBuffer, ByteBuffer> data = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_uncommitted")) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return Map.of();
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            readUntil(consumer, partitions, end, data, System.nanoTime() + timeout.toNanos(), "the offsets topic " + topic + " was not"
                    + " read within " + timeout.toSeconds() + " s");
            return Map.copyOf(data);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        Map<String, Object> consumerSettings = clientSettings(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-positions-reader");
        consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerSettings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The relay's connection to Kafka: bootstrap servers and the producer's connection security. */
    private Map<String, Object> clientSettings(String clientIdKey, String clientId) {
        Map<String, Object> client = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                client.put(key, value);
            }
        });
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PositionsTopicStore.required(settings, "bootstrap.servers"));
        client.put(clientIdKey, clientId);
        return client;
    }

}
