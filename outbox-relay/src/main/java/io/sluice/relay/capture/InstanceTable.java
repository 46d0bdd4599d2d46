package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.source.SourceFamily;

/**
 * The rows of one replication slot in {@code sluice.relay_instance} (migrations {@code V2__create_relay_instance.sql} of
 * each family): each instance writes its own, on its leadership session. The SQL is the same for every family but for
 * the session id ({@link SourceFamily#sessionIdFunction()}) and the purge ({@link SourceFamily#deleteOlderThan}); times are
 * the source's ({@code CURRENT_TIMESTAMP(6)}), and only their differences are read.
 */
final class InstanceTable {

    static final TableId TABLE = new TableId("sluice", "relay_instance");
    /** Rows not renewed for this long are deleted (an instance that stopped without removing its row, or was killed). */
    static final Duration PURGE_AFTER = Duration.ofHours(1);

    private final SourceFamily family;
    private final String slotName;

    InstanceTable(SourceFamily family, String slotName) {
        this.family = family;
        this.slotName = slotName;
    }

    /** Records that {@code instance} is alive in {@code role}; its {@code since} moves only when the role changes. */
    void beat(Connection session, String instance, String role, String state, boolean paused) throws SQLException {
        // MariaDB assigns left to right: "since" must be computed before "role" changes (PostgreSQL reads the old row anyway)
        try (PreparedStatement update = session.prepareStatement("UPDATE sluice.relay_instance SET since = CASE WHEN role = ? THEN"
                + " since ELSE CURRENT_TIMESTAMP(6) END, role = ?, state = ?, paused = ?, session_id = " + family.sessionIdFunction()
                + ", last_seen = CURRENT_TIMESTAMP(6) WHERE slot_name = ? AND instance = ?")) {
            update.setString(1, role);
            update.setString(2, role);
            update.setString(3, state);
            update.setBoolean(4, paused);
            update.setString(5, slotName);
            update.setString(6, instance);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = session.prepareStatement("INSERT INTO sluice.relay_instance (slot_name, instance, session_id,"
                + " role, state, paused, since, last_seen) VALUES (?, ?, " + family.sessionIdFunction()
                + ", ?, ?, ?, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))")) {
            insert.setString(1, slotName);
            insert.setString(2, instance);
            insert.setString(3, role);
            insert.setString(4, state);
            insert.setBoolean(5, paused);
            insert.executeUpdate();
        }
    }

    /** The slot's rows, with their ages on the source's clock. */
    List<SlotInstances.Row> rows(Connection connection) throws SQLException {
        List<SlotInstances.Row> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT instance, session_id, role, state, paused, since, last_seen,"
                + " CURRENT_TIMESTAMP(6) FROM sluice.relay_instance WHERE slot_name = ?")) {
            query.setString(1, slotName);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Timestamp now = result.getTimestamp(8);
                    rows.add(new SlotInstances.Row(result.getString(1), result.getLong(2), result.getString(3), result.getString(4),
                            result.getBoolean(5), between(result.getTimestamp(6), now), between(result.getTimestamp(7), now)));
                }
            }
        }
        return rows;
    }

    /** Deletes rows of every slot not renewed for {@link #PURGE_AFTER}. */
    void purge(Connection session) throws SQLException {
        try (PreparedStatement delete = session.prepareStatement(family.deleteOlderThan(TABLE, "last_seen"))) {
            delete.setDouble(1, PURGE_AFTER.toSeconds());
            delete.executeUpdate();
        }
    }

    /** Removes this instance's row (it stops). */
    void leave(Connection session, String instance) throws SQLException {
        try (PreparedStatement delete = session
                .prepareStatement("DELETE FROM sluice.relay_instance WHERE slot_name = ? AND instance = ?")) {
            delete.setString(1, slotName);
            delete.setString(2, instance);
            delete.executeUpdate();
        }
    }

    private static Duration between(Timestamp earlier, Timestamp now) {
        Duration age = Duration.between(earlier.toInstant(), now.toInstant());
        return age.isNegative() ? Duration.ZERO : age;
    }
}
