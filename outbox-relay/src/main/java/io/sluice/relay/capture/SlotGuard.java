package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

import javax.sql.DataSource;

import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.position.StoredPosition;
import io.sluice.relay.source.SourceFamily;
import io.sluice.relay.source.SourceFamily.ReplicationSlot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Before each engine start: can the replication slot stream from the stored position? Debezium's connector would create
 * a missing slot and go on from the new slot's start, skipping what happened in between. The relay refuses
 * ({@link SlotLostException}) when a position is stored and the slot does not exist (a DBA dropped it), the source
 * invalidated it ({@code wal_status = 'lost'}: {@code max_slot_wal_keep_size}), or it restarts after the stored position
 * (created again). A position before the start of a slot that an operator recreated ({@link SlotRecovery}) is accepted:
 * that run starts with Debezium's {@code offset.mismatch.strategy=trust_slot}, so it streams from the slot's start. A first
 * start (no position) goes ahead: Debezium creates the slot and takes its initial snapshot. Families without slots
 * (MariaDB) have their log checked instead: a stored position whose binlog was purged stops the relay naming it and the fix.
 */
@ApplicationScoped
public class SlotGuard {

    /** Debezium's setting for a stored position that the slot has passed: trust the slot, resume at its start. */
    static final String MISMATCH_STRATEGY = "offset.mismatch.strategy";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    RelayConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    SlotRecovery recovery;

    /**
     * @param engine the engine's settings: the positions are read from the store they name; {@code offset.mismatch.strategy}
     *               is set when the run resumes from a slot an operator recreated
     * @return the stored position the run resumes from; empty on a first start
     * @throws SlotLostException naming the slot, the stored position and the fix
     */
    Optional<Map<String, Object>> requireStreamable(Properties engine, SourceDatabase database) {
        String slotName = config.source().slotName();
        SourceFamily family = database.family();
        Optional<ReplicationSlot> found;
        try (Connection connection = dataSource.getConnection()) {
            found = family.replicationSlot(connection, slotName);
        } catch (SQLException e) {
            throw new SourceUnavailableException("Cannot read replication slot " + slotName + " on the source: " + e.getMessage(), e);
        }
        Optional<Map<String, Object>> stored = StoredPosition.read(engine, READ_TIMEOUT);
        if (found.isEmpty()) {
            requireLogKept(stored, family, slotName);
            return stored;
        }
        OptionalLong position = stored.map(family::resumePosition).orElse(OptionalLong.empty());
        if (position.isEmpty()) {
            return stored; // first start: Debezium creates the slot
        }
        ReplicationSlot slot = found.get();
        String described = family.describePosition(position.getAsLong());
        if (!slot.exists()) {
            throw new SlotLostException(slotName, described, "does not exist (dropped)");
        }
        if (slot.lost()) {
            throw new SlotLostException(slotName, described, "was invalidated by the source (wal_status lost: it held back more WAL"
                    + " than max_slot_wal_keep_size allows)");
        }
        if (Long.compareUnsigned(slot.restartPosition(), position.getAsLong()) > 0) {
            if (recovery.acknowledges(position.getAsLong())) {
                engine.setProperty(MISMATCH_STRATEGY, "trust_slot");
                return stored;
            }
            throw new SlotLostException(slotName, described, "starts at " + family.describePosition(slot.restartPosition())
                    + ", after the stored position (it was dropped and created again)");
        }
        return stored;
    }

    /**
     * A family without slots (MariaDB): the log the stored position reads from must still be on the source, or the relay
     * stops naming what is gone and how to go on: a capture stream of a new name, whose first start snapshots the captured
     * tables. (Debezium's {@code snapshot.mode=when_needed} does not: with GTIDs its MariaDB connector streams from the
     * purged position and fails with the server's error 1236; {@code MariaDbBinlogPurgedIT} saw it.)
     *
     * @throws StartupException naming the purged binlog, the loss and the fix
     */
    private void requireLogKept(Optional<Map<String, Object>> stored, SourceFamily family, String slotName) {
        if (stored.isEmpty()) {
            return; // first start: an initial snapshot
        }
        Optional<String> gone;
        try (Connection connection = dataSource.getConnection()) {
            gone = family.positionGone(connection, stored.get());
        } catch (SQLException e) {
            throw new SourceUnavailableException("Cannot list the source's binlogs: " + e.getMessage(), e);
        }
        gone.ifPresent(what -> {
            throw new StartupException("The stored position of capture stream " + slotName + " cannot be resumed: " + what
                    + " (binlog_expire_logs_seconds or PURGE BINARY LOGS removed it before the relay read it), so the changes"
                    + " made in between are lost to the stream. To go on, start the relay with a capture stream of a new name,"
                    + " sluice.source.slot-name=" + slotName + "_2 for example: its first start snapshots the captured tables"
                    + " (every current row is published as a snapshot event) and streams on from there; and keep binlogs longer"
                    + " than the relay may be down (binlog_expire_logs_seconds, docs/mariadb.md)");
        });
    }
}
