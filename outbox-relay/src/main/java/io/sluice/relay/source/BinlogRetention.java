package io.sluice.relay.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.relay.capture.SlotMonitor.SlotState;
import io.sluice.relay.config.RelayConfig;

/**
 * MariaDB's counterpart of a replication slot's retained WAL: nothing holds the binlog back for the relay; the
 * server purges binlogs after {@code binlog_expire_logs_seconds} whether the relay has read them or not. What
 * matters is how much binlog the relay still has to read (from its stored position to the end, the file and
 * position in Debezium's offset) and whether the file it needs still exists ({@code SHOW BINARY LOGS}).
 */
public final class BinlogRetention {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BinlogRetention() {
    }

    private record Binlog(String name, long size) {
    }

    /**
     * @param positionInOffsetTable whether the relay keeps its position in {@code source.offsetTable()} (at-least-once with
     *            {@code offset-store=jdbc}); else the position is in Kafka, unknown here, and that table is not read (with
     *            exactly-once it does not exist, and each failed query was a WARN of the driver on every readiness check)
     */
    public static SlotState state(Connection connection, RelayConfig.Source source, boolean positionInOffsetTable) throws SQLException {
        List<Binlog> binlogs = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                binlogs.add(new Binlog(rows.getString(1), rows.getLong(2)));
            }
        }
        boolean active;
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND LIKE 'Binlog Dump%' AND USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)");
                ResultSet result = query.executeQuery()) {
            result.next();
            active = result.getLong(1) > 0;
        }
        JsonNode offset = positionInOffsetTable ? storedOffset(connection, source) : null;
        if (offset == null || !offset.hasNonNull("file")) {
            return new SlotState(true, active, 0, 0); // no position stored yet (or kept in Kafka): nothing known to be needed
        }
        String file = offset.get("file").asText();
        long position = offset.path("pos").asLong();
        int index = -1;
        for (int i = 0; i < binlogs.size(); i++) {
            if (binlogs.get(i).name().equals(file)) {
                index = i;
            }
        }
        if (index < 0) {
            String oldest = binlogs.isEmpty() ? "none" : binlogs.get(0).name();
            return new SlotState(true, active, 0, 0, "the binlog the relay needs (" + file + ", position " + position
                    + ") was purged by the server (oldest binlog now: " + oldest + "): changes after that position are lost to the relay;"
                    + " take a new snapshot (delete the stored position in " + source.offsetTable()
                    + " and the schema history, then restart)"
                    + " and keep binlogs longer (binlog_expire_logs_seconds)");
        }
        long needed = -position;
        for (int i = index; i < binlogs.size(); i++) {
            needed += binlogs.get(i).size();
        }
        needed = Math.max(0, needed);
        return new SlotState(true, active, needed, needed);
    }

    /**
     * Whether the binlog a stored position (Debezium's offset) resumes from is still on the server. With GTIDs
     * ({@code gtids}, how Debezium resumes when the server has them) the position is gone when the oldest binlog begins
     * after it: its {@code Gtid_list} names, for some replication domain, a later transaction than the position holds.
     * Without, when its {@code file} is no longer listed.
     *
     * @return what is gone, for people; empty when the stream can resume, or the server cannot tell
     */
    public static Optional<String> purged(Connection connection, Map<String, ?> storedOffset) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Object gtids = storedOffset.get("gtids");
        Object file = storedOffset.get("file");
        String where = (file == null ? "" : "binlog file " + file + ", position " + storedOffset.get("pos"))
                + (gtids == null ? "" : (file == null ? "" : ", ") + "GTIDs " + gtids);
        if (gtids != null && !gtids.toString().isBlank()) {
            Map<Long, Long> before = beforeOldest(connection, names.get(0));
            Map<Long, Long> read = GtidPositions.parse(gtids.toString());
            for (Map.Entry<Long, Long> domain : before.entrySet()) {
                if (read.getOrDefault(domain.getKey(), -1L) < domain.getValue()) {
                    return Optional.of("the binlog it needs (" + where + ") is no longer on the server: its oldest binlog, "
                            + names.get(0) + ", begins after transaction " + domain.getKey() + "-*-" + domain.getValue());
                }
            }
            return Optional.empty();
        }
        if (file == null || names.contains(file.toString())) {
            return Optional.empty();
        }
        return Optional.of("the binlog it needs (" + where + ") is no longer on the server: its oldest binlog is " + names.get(0));
    }

    /** The last transaction of each replication domain written before this binlog (its {@code Gtid_list} event). */
    private static Map<Long, Long> beforeOldest(Connection connection, String binlog) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet events = statement.executeQuery("SHOW BINLOG EVENTS IN '" + binlog.replace("'", "''") + "' LIMIT 4")) {
            while (events.next()) {
                if ("Gtid_list".equals(events.getString("Event_type"))) {
                    String info = events.getString("Info");
                    return GtidPositions.parse(info.replace("[", "").replace("]", ""));
                }
            }
        }
        return Map.of();
    }

    private static JsonNode storedOffset(Connection connection, RelayConfig.Source source) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT offset_key, offset_val FROM " + source.offsetTable())) {
            while (rows.next()) {
                String key = rows.getString(1);
                if (key != null && key.contains("\"" + source.name() + "\"") && rows.getString(2) != null) {
                    return JSON.readTree(rows.getString(2));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            return null; // no table yet, or not readable: nothing known
        }
        return null;
    }
}
