package io.sluice.relay.position;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

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
    /** A field every position of this relay's database family holds ({@code lsn}, {@code file}); unchecked when unset. */
    public static final String POSITION_FIELD = "offset.storage.sluice.position.field";
    /** The family's name, for the message when a stored position lacks {@link #POSITION_FIELD}. */
    public static final String FAMILY = "offset.storage.sluice.family";

    private final Map<ByteBuffer, ByteBuffer> data = new ConcurrentHashMap<>();
    private Map<String, String> settings;
    private ConnectOffsetFormat format;
    private String topic;
    private PositionsTopicReader reader;

    @Override
    public void configure(WorkerConfig config) {
        settings = config.originalsStrings();
        topic = required(TOPIC);
        format = new ConnectOffsetFormat(required("name"));
        reader = new PositionsTopicReader(settings);
    }

    @Override
    public void start() {
        Duration timeout = Duration.ofMillis(Long.parseLong(settings.getOrDefault(READ_TIMEOUT, "90000")));
        int read = reader.readCommitted(topic, timeout, data);
        boolean own = data.keySet().stream().anyMatch(key -> format.isOwn(bytes(key)));
        if (own) {
            requireOwnFamily("in " + topic);
            LOG.infof("Resuming from the last committed source position in %s (%d record(s) read with read_committed)", topic, read);
            return;
        }
        String from = settings.getOrDefault(MIGRATE_FROM, "none");
        AtLeastOncePositions atLeastOnce = new AtLeastOncePositions(settings, reader);
        Map<ByteBuffer, ByteBuffer> previous = atLeastOnce.read(from, timeout);
        ConnectOffsetFormat previousFormat = new ConnectOffsetFormat(settings.getOrDefault(MIGRATE_ENGINE_NAME, format.engineName()));
        previous.forEach((key, value) -> {
            Map<String, Object> partition = previousFormat.partition(bytes(key));
            if (partition != null && value != null) {
                data.put(ByteBuffer.wrap(format.key(partition)), value);
            }
        });
        if (data.keySet().stream().anyMatch(key -> format.isOwn(bytes(key)))) {
            requireOwnFamily("in the at-least-once store (" + atLeastOnce.describe(from) + ")");
            LOG.infof("No committed source position of %s in %s yet: taking over the position of the at-least-once store (%s) once;"
                    + " the first batch commits it to %s", format.engineName(), topic, atLeastOnce.describe(from), topic);
        } else {
            LOG.infof("No source position of %s in %s nor in the at-least-once store: Debezium starts as configured (snapshot mode)",
                    format.engineName(), topic);
        }
    }

    /**
     * @throws ForeignPositionException when a position stored under this engine's key lacks the field every position of
     *                                  this relay's family holds
     */
    private void requireOwnFamily(String where) {
        String field = settings.get(POSITION_FIELD);
        if (field == null) {
            return;
        }
        data.forEach((key, value) -> {
            if (value == null || !format.isOwn(bytes(key))) {
                return;
            }
            Map<String, Object> position = format.offset(bytes(value));
            if (position != null && !position.containsKey(field)) {
                String family = settings.getOrDefault(FAMILY, "this");
                throw new ForeignPositionException(String.format("The source position stored for %s %s was not written by a %s source"
                        + " (it holds %s, not %s): another relay with the same sluice.source.name, database name and"
                        + " sluice.source.slot-name reads a database of another family. Give this relay a sluice.source.slot-name of"
                        + " its own (for example %s_%s); nothing was read or published",
                        format.engineName(), where, family,
                        position.keySet().stream().filter(k -> !k.startsWith("transaction_")).sorted().toList(), field,
                        format.engineName().substring(format.engineName().lastIndexOf('/') + 1),
                        family.toLowerCase(java.util.Locale.ROOT)));
            }
        });
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

    private String required(String key) {
        return required(settings, key);
    }

    static String required(Map<String, String> settings, String key) {
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
