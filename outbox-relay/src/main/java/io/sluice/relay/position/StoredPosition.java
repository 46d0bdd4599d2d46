package io.sluice.relay.position;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The source position the engine would resume from, read before the engine starts, from the store its settings name:
 * the positions topic with exactly-once ({@link PositionsTopicStore}: committed positions, else the one it would take over
 * from the at-least-once store), or the at-least-once store (Debezium's JDBC table, Kafka Connect's offsets topic). Used
 * to tell a lost replication slot from a first start: only a relay that has a position can have lost what came after it.
 */
public final class StoredPosition {

    private StoredPosition() {
    }

    /**
     * @param engine the engine's settings ({@code capture.DebeziumSettings})
     * @return the stored source offset (Debezium's {@code lsn}, {@code txId}, ...), empty when there is none
     */
    public static Optional<Map<String, Object>> read(Properties engine, Duration timeout) {
        Map<String, String> settings = new HashMap<>();
        engine.stringPropertyNames().forEach(key -> settings.put(key, engine.getProperty(key)));
        String name = PositionsTopicStore.required(settings, "name");
        PositionsTopicReader reader = new PositionsTopicReader(settings);
        AtLeastOncePositions atLeastOnce = new AtLeastOncePositions(settings, reader);
        String from = settings.getOrDefault(PositionsTopicStore.MIGRATE_FROM, "none");
        if (PositionsTopicStore.class.getName().equals(settings.get("offset.storage"))) {
            Map<ByteBuffer, ByteBuffer> committed = new HashMap<>();
            reader.readCommitted(PositionsTopicStore.required(settings, PositionsTopicStore.TOPIC), timeout, committed);
            Optional<Map<String, Object>> own = own(committed, new ConnectOffsetFormat(name));
            if (own.isPresent()) {
                return own;
            }
            return own(atLeastOnce.read(from, timeout),
                    new ConnectOffsetFormat(settings.getOrDefault(PositionsTopicStore.MIGRATE_ENGINE_NAME, name)));
        }
        return own(atLeastOnce.read(from, timeout), new ConnectOffsetFormat(name));
    }

    /** The engine's one source partition's offset among the positions of several sources. */
    private static Optional<Map<String, Object>> own(Map<ByteBuffer, ByteBuffer> positions, ConnectOffsetFormat format) {
        for (Map.Entry<ByteBuffer, ByteBuffer> position : positions.entrySet()) {
            if (position.getValue() != null && format.isOwn(bytes(position.getKey()))) {
                return Optional.ofNullable(format.offset(bytes(position.getValue())));
            }
        }
        return Optional.empty();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
