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
import java.util.Optional;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.debezium.connector.AbstractSourceInfo;
import io.debezium.connector.binlog.BinlogSourceInfo;
import io.debezium.connector.postgresql.SourceInfo;
import io.debezium.data.Envelope;
import io.debezium.data.Envelope.FieldName;
import io.debezium.data.VariableScaleDecimal;
import io.debezium.pipeline.notification.Notification;
import io.debezium.pipeline.txmetadata.TransactionStatus;
import io.debezium.pipeline.txmetadata.TransactionStructMaker;
import io.debezium.time.ZonedTimestamp;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;

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
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field(FieldName.OPERATION) == null) {
            return null;
        }
        Operation operation = operation(envelope.getString(FieldName.OPERATION));
        if (operation == null) {
            return null;
        }
        Struct source = envelope.getStruct(FieldName.SOURCE);
        TableId table = new TableId(schemaOf(source), source.getString(AbstractSourceInfo.TABLE_NAME_KEY));
        SourcePosition position = isIncrementalSnapshot(source) ? incrementalSnapshotPosition(record) : position(source);
        Instant commitTime = Instant.ofEpochMilli(source.getInt64(AbstractSourceInfo.TIMESTAMP_KEY));
        return new RowChange(sourceName, table, operation,
                row(envelope.getStruct(FieldName.BEFORE)), row(envelope.getStruct(FieldName.AFTER)),
                position, commitTime);
    }

    /** Whether the record's connector reads the MySQL family's binlog (source.connector mariadb or mysql). */
    private static boolean isBinlog(Struct source) {
        if (source.schema().field(AbstractSourceInfo.DEBEZIUM_CONNECTOR_KEY) == null) {
            return false;
        }
        String connector = source.getString(AbstractSourceInfo.DEBEZIUM_CONNECTOR_KEY);
        return "mariadb".equals(connector) || "mysql".equals(connector);
    }

    /** PostgreSQL's source block names the schema; the MySQL family's the database, which mappings name in its place. */
    private static String schemaOf(Struct source) {
        return source.getString(isBinlog(source) ? AbstractSourceInfo.DATABASE_NAME_KEY : AbstractSourceInfo.SCHEMA_NAME_KEY);
    }

    /**
     * Where a change sits in the source's log, unique per row change and the same when the log is read again, and its
     * transaction: PostgreSQL's LSN and transaction id; on the binlog {@code file:pos:row} (the row event's position and
     * the row's index in it) and the GTID.
     */
    private static SourcePosition position(Struct source) {
        if (isBinlog(source)) {
            Object file = source.get(BinlogSourceInfo.BINLOG_FILENAME_OFFSET_KEY);
            String position = file == null
                    ? null
                    : file + ":" + source.get(BinlogSourceInfo.BINLOG_POSITION_OFFSET_KEY) + ":"
                            + source.get(BinlogSourceInfo.BINLOG_ROW_IN_EVENT_OFFSET_KEY);
            return new SourcePosition(position, text(source.get(BinlogSourceInfo.GTID_KEY)));
        }
        return new SourcePosition(text(source.get(SourceInfo.LSN_KEY)), text(source.get(SourceInfo.TXID_KEY)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /**
     * @return why a record that is neither a row change nor a transaction marker carries nothing to publish (a truncate, a
     *         logical decoding message, a tombstone), or empty for records that are no data (heartbeats, BEGIN markers,
     *         notifications)
     */
    public Optional<IgnoredRecords.Reason> ignored(SourceRecord record) {
        if (record.value() == null) {
            return Optional.of(IgnoredRecords.Reason.TOMBSTONE);
        }
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field(FieldName.OPERATION) == null) {
            return Optional.empty();
        }
        Envelope.Operation operation = Envelope.Operation.forCode(envelope.getString(FieldName.OPERATION));
        if (operation == Envelope.Operation.TRUNCATE) {
            return Optional.of(IgnoredRecords.Reason.TRUNCATE);
        }
        return operation == Envelope.Operation.MESSAGE ? Optional.of(IgnoredRecords.Reason.LOGICAL_MESSAGE) : Optional.empty();
    }

    private static boolean isIncrementalSnapshot(Struct source) {
        return source.schema().field(AbstractSourceInfo.SNAPSHOT_KEY) != null
                && "incremental".equals(source.get(AbstractSourceInfo.SNAPSHOT_KEY));
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
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field(FieldName.OPERATION) == null
                || Envelope.Operation.forCode(envelope.getString(FieldName.OPERATION)) != Envelope.Operation.READ
                || envelope.schema().field(FieldName.SOURCE) == null) {
            return null;
        }
        Struct source = envelope.getStruct(FieldName.SOURCE);
        if (source == null || !isIncrementalSnapshot(source)) {
            return null;
        }
        return new TableId(schemaOf(source), source.getString(AbstractSourceInfo.TABLE_NAME_KEY));
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
        Map<String, String> data = value.getMap(Notification.ADDITIONAL_DATA);
        return new DebeziumNotification(value.getString(Notification.ID_KEY), value.getString(Notification.AGGREGATE_TYPE),
                value.getString(Notification.TYPE), data);
    }

    /**
     * @return the source transaction id when the record is the END marker of a transaction (Debezium
     *         transaction metadata), else null
     */
    public String transactionEnd(SourceRecord record) {
        if (!(record.value() instanceof Struct marker)
                || marker.schema().field(TransactionStructMaker.DEBEZIUM_TRANSACTION_STATUS_KEY) == null
                || marker.schema().field(TransactionStructMaker.DEBEZIUM_TRANSACTION_EVENT_COUNT_KEY) == null
                || !TransactionStatus.END.name().equals(marker.getString(TransactionStructMaker.DEBEZIUM_TRANSACTION_STATUS_KEY))) {
            return null;
        }
        // PostgreSQL: "<txId>:<lsn>"; MariaDB: the GTID ("0-7-27"), which has no colon
        String id = marker.getString(TransactionStructMaker.DEBEZIUM_TRANSACTION_ID_KEY);
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(0, colon);
    }

    private static Operation operation(String code) {
        Envelope.Operation operation = Envelope.Operation.forCode(code);
        if (operation == null) {
            return null;
        }
        return switch (operation) {
            case CREATE -> Operation.INSERT;
            case UPDATE -> Operation.UPDATE;
            case DELETE -> Operation.DELETE;
            case READ -> Operation.SNAPSHOT;
            case TRUNCATE, MESSAGE -> null; // carry no row (see ignored())
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
            case io.debezium.time.Date.SCHEMA_NAME -> LocalDate.ofEpochDay((Integer) value);
            case io.debezium.time.Time.SCHEMA_NAME -> LocalTime.ofNanoOfDay(((Integer) value) * 1_000_000L);
            case io.debezium.time.MicroTime.SCHEMA_NAME -> LocalTime.ofNanoOfDay(((Long) value) * 1_000L);
            case io.debezium.time.NanoTime.SCHEMA_NAME -> LocalTime.ofNanoOfDay((Long) value);
            case io.debezium.time.Timestamp.SCHEMA_NAME -> localDateTime((Long) value, 1_000_000L, 1_000L);
            case io.debezium.time.MicroTimestamp.SCHEMA_NAME -> localDateTime((Long) value, 1_000L, 1_000_000L);
            case io.debezium.time.NanoTimestamp.SCHEMA_NAME -> localDateTime((Long) value, 1L, 1_000_000_000L);
            case ZonedTimestamp.SCHEMA_NAME -> utcTimestamp((String) value);
            case org.apache.kafka.connect.data.Date.LOGICAL_NAME ->
                LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
            case org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME -> ((java.util.Date) value).toInstant();
            case VariableScaleDecimal.LOGICAL_NAME -> variableScaleDecimal((Struct) value);
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
        byte[] unscaled = struct.getBytes(VariableScaleDecimal.VALUE_FIELD);
        return new BigDecimal(new BigInteger(unscaled), struct.getInt32(VariableScaleDecimal.SCALE_FIELD));
    }

}
