package io.sluice.relay.position;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Source positions in Kafka Connect's offset format: the key is {@code [engine name, source partition]} and the value
 * the source offset, both JSON without schemas. These are the bytes Connect's {@code OffsetStorageWriter} hands an
 * offset store when the embedded engine flushes (the engine's internal converters are JSON converters with schemas
 * disabled), so a position written by the relay, one taken over from Debezium's JDBC store or Connect's Kafka store,
 * and one the engine asks for are the same bytes.
 */
public final class ConnectOffsetFormat {

    private final String engineName;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();

    /** @param engineName the engine's {@code name} setting, the namespace of its offsets */
    public ConnectOffsetFormat(String engineName) {
        this.engineName = engineName;
        keys.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), true);
        values.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
    }

    public String engineName() {
        return engineName;
    }

    /** The key of a source partition's position. */
    public byte[] key(Map<String, ?> sourcePartition) {
        return keys.fromConnectData(engineName, null, Arrays.asList(engineName, sourcePartition));
    }

    /** The value of a source offset. */
    public byte[] value(Map<String, ?> sourceOffset) {
        return values.fromConnectData(engineName, null, sourceOffset);
    }

    /** The source offset of a value, as the engine reads it back. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> offset(byte[] value) {
        return value == null ? null : (Map<String, Object>) values.toConnectData(engineName, value).value();
    }

    /** Whether a key is one of this engine's (several sources may share a positions topic or table). */
    public boolean isOwn(byte[] key) {
        return partition(key) != null;
    }

    /** The source partition of one of this engine's keys; null for another engine's key, or what is not an offset key. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> partition(byte[] key) {
        try {
            SchemaAndValue parsed = keys.toConnectData(engineName, key);
            return parsed.value() instanceof List<?> list && list.size() == 2 && engineName.equals(list.get(0))
                    && list.get(1) instanceof Map<?, ?> partition ? (Map<String, Object>) partition : null;
        } catch (RuntimeException e) {
            return null; // not a Connect offset key: not ours
        }
    }
}
