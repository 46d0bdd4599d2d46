package io.sluice.relay.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The MySQL family's leadership of a capture stream (MariaDB, MySQL): a {@code GET_LOCK} lock held on a session of its own,
 * the holder's instance name in {@link BinlogFamily#LEADER_TABLE}, a frozen holder fenced with {@code KILL CONNECTION}.
 */
final class BinlogLeaderLock implements SourceFamily.LeaderLock {

    private final String slotName;
    private final String lockName;
    private final String processlistMillis;

    /** @param processlistMillis {@link BinlogFamily#processlistMillis()} */
    BinlogLeaderLock(String slotName, String processlistMillis) {
        this.slotName = slotName;
        this.lockName = "sluice." + slotName;
        this.processlistMillis = processlistMillis;
    }

    @Override
    public Properties sessionProperties(String instance, Duration leaseTimeout) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "5000");
        // a renewal that hangs (network cut) fails before a standby would fence this instance
        properties.setProperty("socketTimeout", Long.toString(Math.max(1000, leaseTimeout.toMillis() / 2)));
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    @Override
    public boolean tryLock(Connection session, String instance) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            lock.setString(1, lockName);
            try (ResultSet result = lock.executeQuery()) {
                if (!result.next() || result.getInt(1) != 1) {
                    return false;
                }
            }
        }
        try (PreparedStatement holder = session.prepareStatement("REPLACE INTO " + BinlogFamily.LEADER_TABLE
                + " (slot_name, instance, connection_id, since) VALUES (?, ?, CONNECTION_ID(), NOW(6))")) {
            holder.setString(1, slotName);
            holder.setString(2, instance);
            holder.executeUpdate();
        }
        return true;
    }

    @Override
    public Optional<SourceFamily.Holder> holder(Connection connection) throws SQLException {
        long holder;
        try (PreparedStatement used = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            used.setString(1, lockName);
            try (ResultSet result = used.executeQuery()) {
                if (!result.next() || result.getObject(1) == null) {
                    return Optional.empty(); // released in between
                }
                holder = result.getLong(1);
            }
        }
        // how long the session has been in its state; a renewing leader's idle session is young
        Duration silent = Duration.ZERO;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COMMAND, " + processlistMillis + " FROM information_schema.PROCESSLIST WHERE ID = ?")) {
            query.setLong(1, holder);
            try (ResultSet result = query.executeQuery()) {
                if (result.next() && "Sleep".equalsIgnoreCase(result.getString(1))) {
                    silent = Duration.ofMillis(Math.max(0, (long) result.getDouble(2)));
                }
            }
        }
        String instance = "(unnamed session)";
        try (PreparedStatement query = connection.prepareStatement("SELECT instance FROM " + BinlogFamily.LEADER_TABLE
                + " WHERE slot_name = ? AND connection_id = ?")) {
            query.setString(1, slotName);
            query.setLong(2, holder);
            try (ResultSet result = query.executeQuery()) {
                if (result.next()) {
                    instance = result.getString(1);
                }
            }
        }
        return Optional.of(new SourceFamily.Holder(instance, holder, silent));
    }

    @Override
    public void terminate(Connection connection, long sessionId) throws SQLException {
        try (Statement kill = connection.createStatement()) {
            kill.execute("KILL CONNECTION " + sessionId);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) { // ER_NO_SUCH_THREAD: gone already
                throw e;
            }
        }
    }

    @Override
    public Optional<Long> streamReader(Connection connection) throws SQLException {
        // a binlog dump thread of the relay's own user (a former leader's); other replicas use other users
        try (PreparedStatement query = connection.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND LIKE 'Binlog Dump%' AND USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1) ORDER BY ID LIMIT 1")) {
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
            }
        }
    }
}
