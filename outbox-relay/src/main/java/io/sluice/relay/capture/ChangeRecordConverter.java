package io.sluice.relay.capture;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.source.SourceFamily;

/**
 * Turns a Debezium change record (Kafka Connect {@link SourceRecord} with Debezium's envelope) into a
 * {@link RowChange}. This is the only class that knows Debezium's record shape.
 *
 * <p>Column values become plain Java values: Debezium's semantic temporal types become
 * {@code java.time} values, decimals {@link BigDecimal}, and the placeholder PostgreSQL sends for
 * unchanged TOASTed columns becomes {@link RowChange#UNAVAILABLE}.
 */
public final class ChangeRecordConverter {

    /** Prefix of the position of rows read by an incremental snapshot; the snapshot's id follows. */
    public static final String INCREMENTAL_SNAPSHOT_POSITION = "incremental-snapshot:";
    /** The value schema of Debezium's notification records. */
    private static final String NOTIFICATION_SCHEMA = "io.debezium.connector.common.Notification";

    private final String sourceName;
    private final String unavailablePlaceholder;
    private final byte[] unavailablePlaceholderBytes;

    public ChangeRecordConverter(String sourceName, String unavailablePlaceholder) {
        this.sourceName = sourceName;
        this.unavailablePlaceholder = unavailablePlaceholder;
        this.unavailablePlaceholderBytes = unavailablePlaceholder.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return the row change, or {@code null} when the record is not a row change (heartbeat,
     *         transaction boundary, tombstone, truncate)
     */
    public RowChange toRowChange(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            return null;
        }
        Operation operation = operation(envelope.getString("op"));
        if (operation == null) {
            return null;
        }
        Struct source = envelope.getStruct("source");
        SourceFamily family = family(source);
        TableId table = new TableId(family.schemaOf(source), source.getString("table"));
        SourcePosition position = isIncrementalSnapshot(source) ? incrementalSnapshotPosition(record) : family.position(source);
        Instant commitTime = Instant.ofEpochMilli(source.getInt64("ts_ms"));
        return new RowChange(sourceName, table, operation,
                row(envelope.getStruct("before")), row(envelope.getStruct("after")),
                position, commitTime);
    }

    /** The family of the connector that wrote the record: PostgreSQL's source block has a schema, MariaDB's a database. */
    private static SourceFamily family(Struct source) {
        return source.schema().field("connector") == null ? SourceFamily.ofConnector("postgresql")
                : SourceFamily.ofConnector(source.getString("connector"));
    }

    private static boolean isIncrementalSnapshot(Struct source) {
        return source.schema().field("snapshot") != null && "incremental".equals(source.get("snapshot"));
    }

    /**
     * Rows read by an incremental snapshot carry no log position of their own (Debezium leaves {@code source.lsn}
     * empty), yet their events need deterministic ids: the position is the snapshot's id (the execute-snapshot
     * signal's, kept in Debezium's offsets). A chunk read again after a restart yields the same ids, and a later
     * snapshot of the same rows new ones, which consumers do not mistake for duplicates.
     */
    private static SourcePosition incrementalSnapshotPosition(SourceRecord record) {
        Object snapshot = record.sourceOffset() == null ? null : record.sourceOffset().get("incremental_snapshot_correlation_id");
        return new SourcePosition(snapshot == null ? null : INCREMENTAL_SNAPSHOT_POSITION + snapshot, null);
    }

    /**
     * @return the table of a row read by an incremental snapshot ({@code op} {@code r}, {@code source.snapshot}
     *         {@code incremental}), else null (streamed changes, rows of the initial snapshot, other records)
     */
    public TableId incrementalSnapshotTable(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null
                || !"r".equals(envelope.getString("op")) || envelope.schema().field("source") == null) {
            return null;
        }
        Struct source = envelope.getStruct("source");
        if (source == null || !isIncrementalSnapshot(source)) {
            return null;
        }
        return new TableId(family(source).schemaOf(source), source.getString("table"));
    }

    /**
     * @return the connector's notification when the record is one (Debezium's "sink" notification channel puts them
     *         into the change stream), else null
     */
    public DebeziumNotification notification(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().name() == null
                || !value.schema().name().endsWith(NOTIFICATION_SCHEMA)) {
            return null;
        }
        Map<String, String> data = value.getMap("additional_data");
        return new DebeziumNotification(value.getString("id"), value.getString("aggregate_type"), value.getString("type"), data);
    }

    /**
     * @return the source transaction id when the record is the END marker of a transaction (Debezium
     *         transaction metadata), else null
     */
    public String transactionEnd(SourceRecord record) {
        if (!(record.value() instanceof Struct marker) || marker.schema().field("status") == null
                || marker.schema().field("event_count") == null || !"END".equals(marker.getString("status"))) {
            return null;
        }
        String id = marker.getString("id"); // PostgreSQL: "<txId>:<lsn>"; MariaDB: the GTID ("0-7-27"), which has no colon
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(0, colon);
    }

    private static Operation operation(String op) {
        return switch (op) {
            case "c" -> Operation.INSERT;
            case "u" -> Operation.UPDATE;
            case "d" -> Operation.DELETE;
            case "r" -> Operation.SNAPSHOT;
            default -> null; // "t" (truncate) and "m" (logical message) carry no row
        };
    }

    private Map<String, Object> row(Struct struct) {
        if (struct == null) {
            return null;
        }
        var fields = struct.schema().fields();
        Map<String, Object> row = new HashMap<>(fields.size() * 4 / 3 + 1);
        for (Field field : fields) {
            row.put(field.name(), value(field.schema(), struct.get(field)));
        }
        return row;
    }

    private Object value(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String semantic = schema.name();
        if (semantic == null) {
            return plain(value);
        }
        return switch (semantic) {
            case "io.debezium.time.Date" -> LocalDate.ofEpochDay((Integer) value);
            case "io.debezium.time.Time" -> LocalTime.ofNanoOfDay(((Integer) value) * 1_000_000L);
            case "io.debezium.time.MicroTime" -> LocalTime.ofNanoOfDay(((Long) value) * 1_000L);
            case "io.debezium.time.NanoTime" -> LocalTime.ofNanoOfDay((Long) value);
            case "io.debezium.time.Timestamp" -> localDateTime((Long) value, 1_000_000L, 1_000L);
            case "io.debezium.time.MicroTimestamp" -> localDateTime((Long) value, 1_000L, 1_000_000L);
            case "io.debezium.time.NanoTimestamp" -> localDateTime((Long) value, 1L, 1_000_000_000L);
            case "io.debezium.time.ZonedTimestamp" -> utcTimestamp((String) value);
            case "org.apache.kafka.connect.data.Date" -> LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
            case "org.apache.kafka.connect.data.Timestamp" -> ((java.util.Date) value).toInstant();
            case "io.debezium.data.VariableScaleDecimal" -> variableScaleDecimal((Struct) value);
            default -> plain(value); // Decimal is already BigDecimal; Json, Uuid, Xml, Enum are strings
        };
    }

    private Object plain(Object value) {
        if (value instanceof String text) {
            return unavailablePlaceholder.equals(text) ? RowChange.UNAVAILABLE : text;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            value = bytes;
        }
        if (value instanceof byte[] bytes && Arrays.equals(bytes, unavailablePlaceholderBytes)) {
            return RowChange.UNAVAILABLE;
        }
        return value;
    }

    /**
     * Debezium's text for a {@code timestamptz}, which it writes in UTC ({@code 2026-11-25T07:56:36.123456Z}): read
     * directly in that shape, any other through {@link OffsetDateTime#parse}. The same value either way
     * ({@code ChangeRecordConverterTest}); {@code DateTimeFormatter} alone took about 5% of the relay's CPU for outbox
     * rows, whose {@code timestamp} column is one.
     */
    static OffsetDateTime utcTimestamp(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = 0;
            boolean wellFormed = year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0;
            if (length > 20) {
                int fraction = length > 21 ? digits(text, 20, length - 1) : -1; // 1 to 9 digits
                wellFormed &= text.charAt(19) == '.' && fraction >= 0;
                nanos = wellFormed ? fraction * POWERS_OF_TEN[30 - length] : 0;
            }
            if (wellFormed) {
                try {
                    return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, ZoneOffset.UTC);
                } catch (java.time.DateTimeException e) {
                    // out of range: let the parser say what is wrong
                }
            }
        }
        return OffsetDateTime.parse(text);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static LocalDateTime localDateTime(long value, long nanosPerUnit, long unitsPerSecond) {
        long seconds = Math.floorDiv(value, unitsPerSecond);
        long nanos = Math.floorMod(value, unitsPerSecond) * nanosPerUnit;
        return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    }

    private static BigDecimal variableScaleDecimal(Struct struct) {
        byte[] unscaled = struct.getBytes("value");
        return new BigDecimal(new BigInteger(unscaled), struct.getInt32("scale"));
    }

}
