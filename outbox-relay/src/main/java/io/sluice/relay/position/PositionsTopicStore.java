package io.sluice.relay.position;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetUtils;
import org.apache.kafka.connect.util.Callback;
import org.jboss.logging.Logger;

/**
 * Debezium's offset store with {@code sluice.delivery=exactly-once} ({@code offset.storage} names it). At start it reads
 * the positions topic to its end with {@code isolation.level=read_committed}: the positions it serves are those the relay
 * committed in a Kafka transaction together with the events before them. It never writes: the relay writes each batch's
 * position into the batch's transaction ({@link PositionWriter}); what the engine flushes here ({@link #set}) is kept in
 * memory only, and is never ahead of a committed position, because the relay marks records processed only after their
 * transaction committed. The PostgreSQL connector confirms the replication slot up to the offsets flushed here, so the
 * slot is never confirmed beyond a committed position.
 *
 * <p>"The end" is the topic's high watermark as it stands after this relay's producer initialised its transactions (which
 * aborts what a former instance left open and fences it): the store reads until its {@code read_committed} position
 * passes it, that is until every transaction before it has ended, its own former ones and those of other sources sharing
 * the topic.
 *
 * <p>Moving from at-least-once: when the topic holds no position for this engine, the position is taken over once from
 * the store at-least-once used ({@code offset.storage.sluice.migrate.from}: {@code jdbc} or {@code kafka}), so that
 * nothing is snapshotted again, lost, or replayed beyond a batch.
 */
public final class PositionsTopicStore implements OffsetBackingStore {

    private static final Logger LOG = Logger.getLogger(PositionsTopicStore.class);

    /** The positions topic. */
    public static final String TOPIC = "offset.storage.sluice.topic";
    /** Where to take a position over from when the topic has none for this engine: {@code jdbc}, {@code kafka} or {@code none}. */
    public static final String MIGRATE_FROM = "offset.storage.sluice.migrate.from";
    /** The engine name the at-least-once store keyed its positions with (positions taken over are keyed anew). */
    public static final String MIGRATE_ENGINE_NAME = "offset.storage.sluice.migrate.engine.name";
    /** How long the topic may take to be read to its end (milliseconds). */
    public static final String READ_TIMEOUT = "offset.storage.sluice.read.timeout.ms";

    private final Map<ByteBuffer, ByteBuffer> data = new ConcurrentHashMap<>();
    private Map<String, String> settings;
    private ConnectOffsetFormat format;
    private String topic;

    @Override
    public void configure(WorkerConfig config) {
        settings = config.originalsStrings();
        topic = required(TOPIC);
        format = new ConnectOffsetFormat(required("name"));
    }

    @Override
    public void start() {
        Duration timeout = Duration.ofMillis(Long.parseLong(settings.getOrDefault(READ_TIMEOUT, "90000")));
        int read = readCommitted(timeout);
        boolean own = data.keySet().stream().anyMatch(key -> format.isOwn(bytes(key)));
        if (own) {
            LOG.infof("Resuming from the last committed source position in %s (%d record(s) read with read_committed)", topic, read);
            return;
        }
        String from = settings.getOrDefault(MIGRATE_FROM, "none");
        Map<ByteBuffer, ByteBuffer> previous = switch (from) {
            case "jdbc" -> fromJdbcStore();
            case "kafka" -> fromKafkaStore(timeout);
            default -> Map.of();
        };
        ConnectOffsetFormat previousFormat = new ConnectOffsetFormat(settings.getOrDefault(MIGRATE_ENGINE_NAME, format.engineName()));
        previous.forEach((key, value) -> {
            Map<String, Object> partition = previousFormat.partition(bytes(key));
            if (partition != null && value != null) {
                data.put(ByteBuffer.wrap(format.key(partition)), value);
            }
        });
        if (data.keySet().stream().anyMatch(key -> format.isOwn(bytes(key)))) {
            LOG.infof("No committed source position of %s in %s yet: taking over the position of the at-least-once store (%s) once;"
                    + " the first batch commits it to %s", format.engineName(), topic, describeSource(from), topic);
        } else {
            LOG.infof("No source position of %s in %s nor in the at-least-once store: Debezium starts as configured (snapshot mode)",
                    format.engineName(), topic);
        }
    }

    @Override
    public void stop() {
        // nothing held open: the topic is read once at start
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> found = new HashMap<>();
        for (ByteBuffer key : keys) {
            found.put(key, data.get(key));
        }
        return CompletableFuture.completedFuture(found);
    }

    /**
     * Keeps the engine's flushed offsets in memory only: they are positions the relay already committed to the topic (in
     * the transactions of the batches they follow), and writing them again, outside a transaction, could let a fenced
     * former leader move a position.
     */
    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        values.forEach((key, value) -> {
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
        });
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        Map<String, Set<Map<String, Object>>> partitions = new HashMap<>();
        org.apache.kafka.connect.json.JsonConverter keys = new org.apache.kafka.connect.json.JsonConverter();
        keys.configure(Map.of("schemas.enable", "false"), true);
        data.forEach((key, value) -> OffsetUtils.processPartitionKey(bytes(key), bytes(value), keys, partitions));
        return partitions.getOrDefault(connectorName, Set.of());
    }

    /** Reads the positions topic with read_committed until every transaction before its current end has ended. */
    private int readCommitted(Duration timeout) {
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
            return readUntil(consumer, partitions, end, deadline, "an open transaction on " + topic + " did not end within "
                    + timeout.toSeconds() + " s (a frozen producer of another source sharing the topic? it ends at its transaction"
                    + " timeout)");
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Cannot find the end of the positions topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reading the positions topic " + topic, e);
        }
    }

    private int readUntil(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end,
            long deadline, String late) {
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

    /** The positions in Debezium's JDBC store (its table holds the latest flush: one row per key, key and value as UTF-8 text). */
    private Map<ByteBuffer, ByteBuffer> fromJdbcStore() {
        Map<ByteBuffer, ByteBuffer> found = new HashMap<>();
        String table = required("offset.storage.jdbc.table.name");
        try (Connection connection = DriverManager.getConnection(required("offset.storage.jdbc.connection.url"),
                settings.get("offset.storage.jdbc.connection.user"), settings.get("offset.storage.jdbc.connection.password"));
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT offset_key, offset_val FROM " + table)) {
            while (rows.next()) {
                String key = rows.getString(1);
                String value = rows.getString(2);
                if (key != null && value != null) {
                    found.put(ByteBuffer.wrap(key.getBytes(UTF_8)), ByteBuffer.wrap(value.getBytes(UTF_8)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState())) {
                return found; // no such table (PostgreSQL 42P01, MariaDB/MySQL 42S02): at-least-once never ran here
            }
            throw new ConnectException("Cannot read the at-least-once positions in " + table + " to take the position over: "
                    + e.getMessage(), e);
        }
        return found;
    }

    /** The positions in Kafka Connect's offsets topic (written without transactions). */
    private Map<ByteBuffer, ByteBuffer> fromKafkaStore(Duration timeout) {
        String offsets = required("offset.storage.topic");
        Map<ByteBuffer, ByteBuffer> kept = new HashMap<>(data);
        data.clear();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_uncommitted")) {
            List<TopicPartition> partitions = partitions(consumer, offsets);
            if (partitions.isEmpty()) {
                return Map.of();
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            readUntil(consumer, partitions, end, System.nanoTime() + timeout.toNanos(), "the offsets topic " + offsets + " was not read"
                    + " within " + timeout.toSeconds() + " s");
            return Map.copyOf(data);
        } finally {
            data.clear();
            data.putAll(kept);
        }
    }

    private String describeSource(String from) {
        return switch (from) {
            case "jdbc" -> "table " + settings.get("offset.storage.jdbc.table.name");
            case "kafka" -> "topic " + settings.get("offset.storage.topic");
            default -> from;
        };
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
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, required("bootstrap.servers"));
        client.put(clientIdKey, clientId);
        return client;
    }

    private String required(String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new ConnectException("The positions store needs the engine setting " + key);
        }
        return value;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** For tests: the positions held. */
    Map<ByteBuffer, ByteBuffer> positions() {
        return Map.copyOf(data);
    }
}
