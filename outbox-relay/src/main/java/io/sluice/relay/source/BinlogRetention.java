package io.sluice.relay.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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

    public static SlotState state(Connection connection, RelayConfig.Source source) throws SQLException {
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
        JsonNode offset = source.offsetStore() == RelayConfig.OffsetStore.JDBC ? storedOffset(connection, source) : null;
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
