package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import io.sluice.relay.source.SourceFamily;
import io.sluice.relay.source.SourceFamily.ReplicationSlot;

/**
 * The replication slot while a run streams, asked at each lease renewal: a slot that a DBA dropped (after ending its
 * walsender) or that the source invalidated ({@code max_slot_wal_keep_size}) ends the run, before Debezium's own retries
 * would start the connector again and create a new slot. The next run stops at {@link SlotGuard}. A slot not seen yet is
 * not lost: on a first start Debezium creates it.
 */
final class SlotWatch {

    private final DataSource dataSource;
    private final SourceFamily family;
    private final String slotName;
    private boolean seen;

    SlotWatch(DataSource dataSource, SourceFamily family, String slotName) {
        this.dataSource = dataSource;
        this.family = family;
        this.slotName = slotName;
    }

    /** @return what happened to the slot ("was dropped", "was invalidated"), or null while it is fine or cannot be asked */
    String lost() {
        Optional<ReplicationSlot> slot;
        try (Connection connection = dataSource.getConnection()) {
            slot = family.replicationSlot(connection, slotName);
        } catch (SQLException e) {
            return null; // the source is unreachable: the engine reports that itself
        }
        if (slot.isEmpty()) {
            return null;
        }
        if (slot.get().lost()) {
            return "was invalidated by the source";
        }
        if (slot.get().exists()) {
            seen = true;
            return null;
        }
        return seen ? "was dropped" : null;
    }
}
