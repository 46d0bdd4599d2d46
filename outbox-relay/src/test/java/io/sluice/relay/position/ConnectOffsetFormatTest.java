package io.sluice.relay.position;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.junit.jupiter.api.Test;

/** The relay writes positions in the bytes Kafka Connect's offset writer hands an offset store (what the engine reads back). */
class ConnectOffsetFormatTest {

    private static final String ENGINE = "sluice-oms";
    private static final Map<String, Object> PARTITION = Map.of("server", "oms");

    @Test
    void writesTheBytesConnectsOffsetWriterFlushes() throws Exception {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("lsn_proc", 23_456_789L);
        offset.put("lsn_commit", 23_456_700L);
        offset.put("lsn", 23_456_789L);
        offset.put("txId", 771L);
        offset.put("ts_usec", 1_764_553_200_000_000L);
        offset.put("transaction_id", "771:23456700");
        Map<ByteBuffer, ByteBuffer> flushed = flushedByConnect(offset);

        ConnectOffsetFormat format = new ConnectOffsetFormat(ENGINE);

        assertThat(flushed).containsExactly(Map.entry(ByteBuffer.wrap(format.key(PARTITION)), ByteBuffer.wrap(format.value(offset))));
    }

    @Test
    void readsBackTheOffsetItWrote() {
        ConnectOffsetFormat format = new ConnectOffsetFormat(ENGINE);

        assertThat(format.offset(format.value(Map.of("lsn", 42L, "txId", 7L)))).isEqualTo(Map.of("lsn", 42L, "txId", 7L));
    }

    @Test
    void tellsItsOwnKeysFromThoseOfOtherSourcesSharingTheTopic() {
        ConnectOffsetFormat oms = new ConnectOffsetFormat(ENGINE);
        ConnectOffsetFormat fulfillment = new ConnectOffsetFormat("sluice-fulfillment");

        assertThat(oms.isOwn(oms.key(PARTITION))).isTrue();
        assertThat(oms.isOwn(fulfillment.key(Map.of("server", "fulfillment")))).isFalse();
        assertThat(oms.isOwn("not json".getBytes())).isFalse();
    }

    /** What Connect's offset writer gives the store for one offset, with the engine's converters (JSON, schemas disabled). */
    private static Map<ByteBuffer, ByteBuffer> flushedByConnect(Map<String, Object> offset) throws Exception {
        Map<ByteBuffer, ByteBuffer> flushed = new HashMap<>();
        MemoryOffsetBackingStore store = new MemoryOffsetBackingStore() {
            @Override
            public Set<Map<String, Object>> connectorPartitions(String connectorName) {
                return Set.of();
            }

            @Override
            protected void save() {
                flushed.putAll(data);
            }
        };
        store.start();
        try {
            JsonConverter keys = new JsonConverter();
            keys.configure(Map.of("schemas.enable", "false"), true);
            JsonConverter values = new JsonConverter();
            values.configure(Map.of("schemas.enable", "false"), false);
            OffsetStorageWriter writer = new OffsetStorageWriter(store, ENGINE, keys, values);
            writer.offset(PARTITION, offset);
            assertThat(writer.beginFlush(5, TimeUnit.SECONDS)).isTrue();
            writer.doFlush((error, result) -> {
            }).get(5, TimeUnit.SECONDS);
        } finally {
            store.stop();
        }
        return flushed;
    }
}
