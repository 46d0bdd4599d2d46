package io.sluice.relay.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;

import org.postgresql.Driver;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.SourceDatabase;
import io.sluice.relay.config.RelayConfig;

/**
 * PostgreSQL: logical decoding with pgoutput through a replication slot and a publication; positions are LSNs;
 * the leader holds a session-level advisory lock; a frozen leader is fenced with {@code pg_terminate_backend}.
 */
public final class PostgresFamily implements SourceFamily {

    static final PostgresFamily INSTANCE = new PostgresFamily();
    /** First half of the advisory lock key: Sluice's own key space ("SLCE"). */
    private static final int LOCK_SPACE = 0x534C4345;

    private PostgresFamily() {
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public String positionField() {
        return "lsn";
    }

    @Override
    public SourceDatabase database(String jdbcUrl, String user, String password) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw new IllegalArgumentException("quarkus.datasource.jdbc.url=" + jdbcUrl
                    + " is not a PostgreSQL JDBC URL: use jdbc:postgresql://<host>:<port>/<database>");
        }
        String host = parsed.getProperty("PGHOST").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        return new SourceDatabase(jdbcUrl, host, port, parsed.getProperty("PGDBNAME"), user, password == null ? "" : password);
    }

    @Override
    public void connectorSettings(Properties p, RelayConfig.Source source, SourceDatabase database, Set<TableId> captured) {
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("database.hostname", database.host());
        p.setProperty("database.port", Integer.toString(database.port()));
        p.setProperty("database.dbname", database.database());
        p.setProperty("database.user", database.user());
        p.setProperty("database.password", database.password());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", source.slotName());
        p.setProperty("publication.name", source.publicationName());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("heartbeat.action.query", "INSERT INTO sluice.heartbeat (id, last_beat) VALUES (1, now()) "
                + "ON CONFLICT (id) DO UPDATE SET last_beat = EXCLUDED.last_beat");
    }

    @Override
    public String sluiceMigrations() {
        return "classpath:db/sluice";
    }

    @Override
    public String transactionIdOfMarker(String markerId) {
        int colon = markerId.indexOf(':'); // "<txId>:<lsn>"
        return colon < 0 ? markerId : markerId.substring(0, colon);
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** {@code pg_class.reltuples}, kept by VACUUM and ANALYZE; -1 (PostgreSQL 14+) for a table never analysed. */
    @Override
    public OptionalLong estimatedRows(Connection connection, TableId table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            query.setString(1, quote(table));
            try (ResultSet result = query.executeQuery()) {
                if (result.next() && result.getLong(1) >= 0) {
                    return OptionalLong.of(result.getLong(1));
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public String deleteOlderThan(TableId table, String timestampColumn) {
        return "DELETE FROM " + quote(table.schema()) + "." + quote(table.table()) + " WHERE " + quote(timestampColumn)
                + " < now() - make_interval(secs => ?)";
    }

    @Override
    public List<String> startupProblems(Connection connection, String user, Set<TableId> captured) {
        return List.of(); // checked by Debezium's connector and the publication at start, each naming the cause
    }

    /** {@code wal_status = 'lost'}: PostgreSQL removed WAL the slot needs (it held back more than max_slot_wal_keep_size). */
    @Override
    public Optional<ReplicationSlot> replicationSlot(Connection connection, String slotName) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT wal_status = 'lost' OR restart_lsn IS NULL,"
                + " coalesce(pg_wal_lsn_diff(restart_lsn, '0/0'), 0)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slotName);
            try (ResultSet result = query.executeQuery()) {
                return Optional.of(result.next()
                        ? new ReplicationSlot(true, result.getBoolean(1), result.getLong(2))
                        : ReplicationSlot.MISSING);
            }
        }
    }

    /**
     * The highest LSN in Debezium's offset ({@code lsn_proc}: the last change completely processed, {@code lsn},
     * {@code lsn_commit}): a slot restarting after it cannot have been the one the offset was read from.
     */
    @Override
    public OptionalLong resumePosition(Map<String, ?> storedOffset) {
        OptionalLong highest = OptionalLong.empty();
        for (String key : List.of("lsn_proc", "lsn", "lsn_commit")) {
            if (storedOffset.get(key) instanceof Number lsn
                    && (highest.isEmpty() || Long.compareUnsigned(lsn.longValue(), highest.getAsLong()) > 0)) {
                highest = OptionalLong.of(lsn.longValue());
            }
        }
        return highest;
    }

    @Override
    public String describePosition(long lsn) {
        return String.format("LSN %X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }

    @Override
    public long recreateSlot(Connection connection, String slotName) throws SQLException {
        Optional<ReplicationSlot> slot = replicationSlot(connection, slotName);
        if (slot.isPresent() && slot.get().exists() && !slot.get().lost()) {
            return slot.get().restartPosition();
        }
        if (slot.isPresent() && slot.get().lost()) {
            try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                drop.setString(1, slotName);
                drop.execute();
            }
        }
        try (PreparedStatement create = connection.prepareStatement(
                "SELECT pg_wal_lsn_diff(lsn, '0/0')::bigint FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
            create.setString(1, slotName);
            try (ResultSet result = create.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    @Override
    public String sessionIdFunction() {
        return "pg_backend_pid()";
    }

    @Override
    public LeaderLock leaderLock(String slotName) {
        int lockKey = slotName.hashCode() & 0x7fffffff;
        return new LeaderLock() {
            @Override
            public Properties sessionProperties(String instance, Duration leaseTimeout) {
                Properties properties = new Properties();
                properties.setProperty("ApplicationName", instance);
                properties.setProperty("connectTimeout", "5");
                // a renewal that hangs (network cut) fails before a standby would fence this instance
                properties.setProperty("socketTimeout", Long.toString(Math.max(1, leaseTimeout.toSeconds() / 2)));
                properties.setProperty("tcpKeepAlive", "true");
                return properties;
            }

            @Override
            public boolean tryLock(Connection session, String instance) throws SQLException {
                try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                    lock.setInt(1, LOCK_SPACE);
                    lock.setInt(2, lockKey);
                    try (ResultSet result = lock.executeQuery()) {
                        result.next();
                        return result.getBoolean(1);
                    }
                }
            }

            @Override
            public Optional<Holder> holder(Connection connection) throws SQLException {
                try (PreparedStatement query = connection.prepareStatement("""
                        SELECT a.pid, a.application_name,
                               extract(epoch FROM clock_timestamp() - coalesce(a.state_change, a.backend_start)) * 1000 AS silent_ms
                        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND l.classid::bigint = ? AND l.objid::bigint = ?""")) {
                    query.setLong(1, LOCK_SPACE);
                    query.setLong(2, lockKey);
                    try (ResultSet result = query.executeQuery()) {
                        if (!result.next()) {
                            return Optional.empty(); // released in between
                        }
                        String name = result.getString(2);
                        return Optional.of(new Holder(name == null || name.isBlank() ? "(unnamed session)" : name, result.getInt(1),
                                Duration.ofMillis(Math.max(0, result.getLong(3)))));
                    }
                }
            }

            @Override
            public void terminate(Connection connection, long sessionId) throws SQLException {
                try (PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    terminate.setInt(1, (int) sessionId);
                    terminate.execute();
                }
            }

            @Override
            public Optional<Long> streamReader(Connection connection) throws SQLException {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                    query.setString(1, slotName);
                    try (ResultSet result = query.executeQuery()) {
                        return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
                    }
                }
            }
        };
    }
}
