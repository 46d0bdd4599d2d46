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
 * The relay's replication slot as the source sees it: whether a walsender uses it, how much WAL it
 * keeps on the source's disk (current WAL position minus the slot's restart position: it grows while
 * the relay is down or behind; heartbeats keep it small on an idle database), and how much WAL the
 * relay has not confirmed yet (current position minus the confirmed flush position).
 */
@ApplicationScoped
public class SlotMonitor {

    /**
     * The slot, or {@code exists == false} if there is none (yet). On MariaDB, where no slot holds the log back, the
     * binlog the relay still needs: from its stored position to the end, and {@code lost} when the server purged a
     * binlog the relay had not read yet (readiness red: only a new snapshot brings the relay back).
     */
    public record SlotState(boolean exists, boolean active, long retainedBytes, long unconfirmedBytes, String lost) {
        public SlotState(boolean exists, boolean active, long retainedBytes, long unconfirmedBytes) {
            this(exists, active, retainedBytes, unconfirmedBytes, null);
        }
    }

    /** The source could not be asked. */
    public static final class SourceUnreachableException extends Exception {
        SourceUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    RelayConfig config;
    @Inject
    DataSource dataSource;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    public SlotState state() throws SourceUnreachableException {
        if (io.sluice.relay.source.SourceFamily.of(jdbcUrl) instanceof io.sluice.relay.source.BinlogFamily) {
            try (Connection connection = dataSource.getConnection()) {
                return io.sluice.relay.source.BinlogRetention.state(connection, config.source(),
                        config.delivery() == RelayConfig.Delivery.AT_LEAST_ONCE
                                && config.source().offsetStore() == RelayConfig.OffsetStore.JDBC);
            } catch (SQLException e) {
                throw new SourceUnreachableException("source database unreachable: " + e.getMessage(), e);
            }
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT active, "
                        + "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint, "
                        + "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint, wal_status = 'lost' "
                        + "FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, config.source().slotName());
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    return new SlotState(false, false, 0, 0);
                }
                // invalidated while streaming: the engine fails, and the next run stops at SlotGuard (SLOT_LOST)
                String lost = result.getBoolean(4)
                        ? "replication slot " + config.source().slotName() + " was invalidated by PostgreSQL"
                                + " (wal_status lost: it held back more WAL than max_slot_wal_keep_size allows); changes after the relay's"
                                + " position can no longer be streamed: POST /sluice/admin/slot/recreate"
                        : null;
                return new SlotState(true, result.getBoolean(1), result.getLong(2), result.getLong(3), lost);
            }
        } catch (SQLException e) {
            throw new SourceUnreachableException("source database unreachable: " + e.getMessage(), e);
        }
    }

    /** @return retained bytes, or empty when the slot does not exist (yet) or the database cannot be asked */
    public OptionalLong retainedWalBytes() {
        try {
            SlotState slot = state();
            return slot.exists() ? OptionalLong.of(slot.retainedBytes()) : OptionalLong.empty();
        } catch (SourceUnreachableException e) {
            return OptionalLong.empty();
        }
    }
}
