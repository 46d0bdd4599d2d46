package io.sluice.relay.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    @Override
    public String deleteOlderThan(TableId table, String timestampColumn) {
        return "DELETE FROM " + quote(table.schema()) + "." + quote(table.table()) + " WHERE " + quote(timestampColumn)
                + " < now() - make_interval(secs => ?)";
    }

    @Override
    public List<String> startupProblems(Connection connection, String user, Set<TableId> captured) {
        return List.of(); // checked by Debezium's connector and the publication at start, each naming the cause
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
