package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

import javax.sql.DataSource;

import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How much WAL the relay's replication slot keeps on the source's disk: the distance from the slot's
 * restart position to the current WAL position. It grows while the relay is down or behind; heartbeats
 * keep it small on an idle database.
 */
@ApplicationScoped
public class SlotMonitor {

    @Inject
    RelayConfig config;
    @Inject
    DataSource dataSource;

    /** @return retained bytes, or empty when the slot does not exist (yet) or the database cannot be asked */
    public OptionalLong retainedWalBytes() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, config.source().slotName());
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }
}
