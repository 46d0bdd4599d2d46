package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;

/** Debezium's record shapes that the admin operations depend on: incremental snapshot rows and notifications. */
class ChangeRecordConverterTest {

    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema ROW = SchemaBuilder.struct().field("CUST_NO", Schema.STRING_SCHEMA).optional().build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW).field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA).build();
    private static final Schema NOTIFICATION = SchemaBuilder.struct().name("io.debezium.connector.common.Notification")
            .field("id", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA).field("aggregate_type", Schema.STRING_SCHEMA)
            .field("additional_data", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build())
            .field("timestamp", Schema.INT64_SCHEMA).build();

    private final ChangeRecordConverter converter = new ChangeRecordConverter("oms", DebeziumSettings.UNAVAILABLE_VALUE_PLACEHOLDER);

    @Test
    void aTimestampWithTimeZoneIsReadAsTheJavaParserReadsIt() {
        java.util.Random random = new java.util.Random(20261125);
        for (int i = 0; i < 20_000; i++) {
            int divisor = POWERS[random.nextInt(POWERS.length)];
            int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000) / divisor * divisor;
            java.time.Instant instant = java.time.Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_402_300_799L), nanos);
            String text = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(java.time.ZoneOffset.UTC));
            assertThat(ChangeRecordConverter.utcTimestamp(text)).as(text).isEqualTo(java.time.OffsetDateTime.parse(text));
        }
        for (String other : java.util.List.of("2026-11-25T07:56:36+01:00", "2026-11-25T07:56:36.5-03:30", "+12026-11-25T07:56:36Z",
                "2026-11-25T07:56:36.000000001Z", "2026-11-25T07:56:36Z", "2026-11-25T07:56:36.Z")) {
            assertThat(ChangeRecordConverter.utcTimestamp(other)).as(other).isEqualTo(java.time.OffsetDateTime.parse(other));
        }
        for (String malformed : java.util.List.of("2026-13-25T07:56:36Z", "2026-11-25T07:5a:36Z",
                "2026-02-30T07:56:36.1234567890Z", "2026-11-25T07:56:36x123Z")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChangeRecordConverter.utcTimestamp(malformed)).as(malformed)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }

    /** Divisors that make fractions of 9, 6, 3 and fewer significant digits. */
    private static final int[] POWERS = {1, 1_000, 1_000_000, 10, 100_000_000};

    @Test
    void anIncrementalSnapshotRowIsPlacedAtItsSnapshot() {
        SourceRecord record = change("r", "incremental", null, Map.of("lsn", 900L, "incremental_snapshot_correlation_id", "s-1"));

        RowChange change = converter.toRowChange(record);

        assertThat(change.operation()).isEqualTo(Operation.SNAPSHOT);
        assertThat(change.position().lsn()).isEqualTo("incremental-snapshot:s-1");
        assertThat(converter.incrementalSnapshotTable(record)).isEqualTo(new TableId("OMS", "CUSTMST"));
    }

    @Test
    void rowsOfTheInitialSnapshotAndStreamedChangesAreNoIncrementalSnapshotRows() {
        SourceRecord initial = change("r", "true", 500L, Map.of("lsn", 500L));
        SourceRecord streamed = change("c", null, 700L, Map.of("lsn", 700L));

        assertThat(converter.incrementalSnapshotTable(initial)).isNull();
        assertThat(converter.incrementalSnapshotTable(streamed)).isNull();
        assertThat(converter.toRowChange(initial).position().lsn()).isEqualTo("500");
        assertThat(converter.toRowChange(streamed).position().lsn()).isEqualTo("700");
    }

    @Test
    void aNotificationIsReadWithItsData() {
        Struct value = new Struct(NOTIFICATION).put("id", "s-1").put("type", "TABLE_SCAN_COMPLETED")
                .put("aggregate_type", "Incremental Snapshot")
                .put("additional_data", Map.of("scanned_collection", "OMS.CUSTMST", "status", "SUCCEEDED")).put("timestamp", 1L);
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "__sluice-notifications.oms", null, null, NOTIFICATION, value);

        DebeziumNotification notification = converter.notification(record);

        assertThat(notification.id()).isEqualTo("s-1");
        assertThat(notification.isIncrementalSnapshot()).isTrue();
        assertThat(notification.type()).isEqualTo("TABLE_SCAN_COMPLETED");
        assertThat(notification.data()).containsEntry("status", "SUCCEEDED");
        assertThat(converter.toRowChange(record)).isNull();
        assertThat(converter.notification(change("c", null, 1L, Map.of()))).isNull();
    }

    private static SourceRecord change(String op, String snapshot, Long lsn, Map<String, ?> offset) {
        Struct source = new Struct(SOURCE).put("schema", "OMS").put("table", "CUSTMST").put("lsn", lsn).put("ts_ms", 1_700_000_000_000L)
                .put("snapshot", snapshot);
        Struct envelope = new Struct(ENVELOPE).put("after", new Struct(ROW).put("CUST_NO", "C1")).put("source", source).put("op", op);
        return new SourceRecord(Map.of("server", "oms"), offset, "oms.OMS.CUSTMST", null, null, ENVELOPE, envelope);
    }
}
