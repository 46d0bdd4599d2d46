package io.sluice.relay.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.SourceDatabase;
import io.sluice.relay.config.RelayConfig;

/**
 * What differs between the database families the relay reads from: PostgreSQL (logical decoding, pgoutput)
 * and the MySQL family (MariaDB, MySQL: row binlog). Chosen from the JDBC URL ({@link #of}); everything else in
 * the relay, the legacy adapter and the mappings do not know which family they serve. (Positions and transaction ids
 * are read from each connector's {@code source} block by {@code ChangeRecordConverter}, the one class that knows
 * Debezium's record shape.)
 */
public interface SourceFamily {

    /**
     * @throws IllegalArgumentException naming the URL forms the relay understands
     */
    static SourceFamily of(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
            return PostgresFamily.INSTANCE;
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:mariadb:")) {
            return MariaDbFamily.INSTANCE;
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:mysql:")) {
            return MySqlFamily.INSTANCE;
        }
        throw new IllegalArgumentException("quarkus.datasource.jdbc.url=" + jdbcUrl + " names no source the relay can read: use"
                + " jdbc:postgresql://<host>:<port>/<database> (PostgreSQL), jdbc:mariadb://<host>:<port>/<database> (MariaDB)"
                + " or jdbc:mysql://<host>:<port>/<database> (MySQL)");
    }

    /** For messages: {@code PostgreSQL}, {@code MariaDB}, {@code MySQL}. */
    String displayName();

    /** A field every source position (Debezium offset) of this family holds: tells a foreign stored position apart. */
    String positionField();

    /**
     * @throws IllegalArgumentException when the URL lacks a host or a database
     */
    SourceDatabase database(String jdbcUrl, String user, String password);

    /** The connector's own settings (class, connection, what to capture, family-specific stores and the heartbeat). */
    void connectorSettings(Properties settings, RelayConfig.Source source, SourceDatabase database, Set<TableId> captured);

    /** Flyway location of Sluice's own objects (outbox, heartbeat, signal tables) for this family. */
    String sluiceMigrations();

    /** The transaction id in the {@code id} of a transaction marker (BEGIN/END). */
    String transactionIdOfMarker(String markerId);

    /** An identifier quoted for this family's SQL. */
    String quote(String identifier);

    /** A table's {@code schema.table} (MariaDB: {@code database.table}) quoted for this family's SQL. */
    default String quote(TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    /**
     * How many rows the table holds by the server's own statistics, read without scanning it; empty when the server keeps
     * none for it (never analysed) or does not know the table.
     */
    OptionalLong estimatedRows(Connection connection, TableId table) throws SQLException;

    /** SQL deleting rows whose {@code timestampColumn} is older than a number of seconds (the only parameter). */
    String deleteOlderThan(TableId table, String timestampColumn);

    /**
     * SQL naming the current session the way {@link LeaderLock#holder} names the lock's holder ({@link Holder#sessionId}),
     * so that an instance's row in {@code sluice.relay_instance} can be matched to the lock.
     */
    String sessionIdFunction();

    /** The lock that makes one relay instance the reader of a capture stream (slot name), on a connection of its own. */
    LeaderLock leaderLock(String slotName);

    /**
     * What is wrong with the source for capturing {@code captured} (server settings, privileges), one sentence each
     * naming the fix; empty when nothing is.
     */
    List<String> startupProblems(Connection connection, String user, Set<TableId> captured) throws SQLException;

    /**
     * The replication slot a capture stream reads from, as the source keeps it; empty for a family without slots (MariaDB:
     * the server purges binlogs whether the relay read them or not; {@link BinlogRetention} reports a purged one).
     */
    Optional<ReplicationSlot> replicationSlot(Connection connection, String slotName) throws SQLException;

    /**
     * For a family without slots: why the stream cannot resume from a stored position (Debezium's source offset) because
     * the source no longer keeps the log it needs (MariaDB: the binlog file was purged), naming file and position; empty
     * when it can, or when the source cannot tell.
     */
    default Optional<String> positionGone(Connection connection, Map<String, ?> storedOffset) throws SQLException {
        return Optional.empty();
    }

    /**
     * Where a stored position (Debezium's source offset) resumes the stream, comparable with
     * {@link ReplicationSlot#restartPosition()}; empty when the offset names none.
     */
    OptionalLong resumePosition(Map<String, ?> storedOffset);

    /**
     * Whether resuming from {@code offset} (Debezium's source offset) would surely read again what resuming from
     * {@code other} skips: committing it after {@code other} would move the stream's position back. False when the family
     * cannot tell (PostgreSQL: a change's LSN may be lower than an earlier committed transaction's; the binlog family
     * orders only positions inside one transaction), so a position is only held back when it surely goes back.
     */
    default boolean precedes(Map<String, ?> offset, Map<String, ?> other) {
        return false;
    }

    /** A position for people, e.g. {@code LSN 0/1A2B3C8}. */
    String describePosition(long position);

    /**
     * Makes the slot streamable again: drops it if the source invalidated it, creates it if it does not exist; a healthy
     * slot is kept.
     *
     * @return where the slot starts: the stream resumes there, what came before it is not streamed
     * @throws UnsupportedOperationException for a family without slots
     */
    long recreateSlot(Connection connection, String slotName) throws SQLException;

    /**
     * A replication slot: whether it exists, whether the source invalidated it (it no longer keeps the log the slot needs),
     * and where its stream restarts (its oldest retained position).
     */
    record ReplicationSlot(boolean exists, boolean lost, long restartPosition) {
        public static final ReplicationSlot MISSING = new ReplicationSlot(false, false, 0);
    }

    /** Which relay instance holds a {@link LeaderLock}, as a standby sees it. */
    record Holder(String instance, long sessionId, Duration silentFor) {
        @Override
        public String toString() {
            return instance + " (source session " + sessionId + ", last renewed " + silentFor.toMillis() / 1000.0 + " s ago)";
        }
    }

    /** The leadership lock of one family: held by a session, renewed by using the session, fenced by ending it. */
    interface LeaderLock {

        /** Connection properties that name the session after the instance, where the family has a place for it. */
        Properties sessionProperties(String instance, Duration leaseTimeout);

        /** Tries to take the lock on the session; records the instance as the holder when it does. */
        boolean tryLock(Connection session, String instance) throws SQLException;

        /** @return the holder, empty when the lock was released in between */
        Optional<Holder> holder(Connection connection) throws SQLException;

        /** Ends a source session (a frozen holder's, or a former leader's stream reader). */
        void terminate(Connection connection, long sessionId) throws SQLException;

        /** The session still reading the change log for this capture stream (a former leader's), if any. */
        Optional<Long> streamReader(Connection connection) throws SQLException;
    }
}
