package io.sluice.relay.source;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.SourceDatabase;
import io.sluice.relay.config.RelayConfig;

/**
 * The MySQL family, read with Debezium's MariaDB connector: the row binlog, read as a replica with its own
 * server id; the DDL seen in the binlog kept in a schema history table in the source database (Sluice's
 * {@code sluice} database); positions are {@code file:pos:row}, transaction ids GTIDs; the leader holds a
 * {@code GET_LOCK} lock on a connection of its own; a frozen leader is fenced with {@code KILL CONNECTION}.
 * A "schema" in a mapping ({@code OMS.ORDHDR}) is a database here.
 */
public final class MariaDbFamily implements SourceFamily {

    static final MariaDbFamily INSTANCE = new MariaDbFamily();

    /** Table (in Sluice's database) naming the instance that holds each leadership lock; MariaDB keeps no session names. */
    public static final String LEADER_TABLE = "sluice.relay_leader";

    private MariaDbFamily() {
    }

    @Override
    public String displayName() {
        return "MariaDB";
    }

    @Override
    public SourceDatabase database(String jdbcUrl, String user, String password) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf(':', "jdbc:".length()) + 1); // //host:port/db?...
        URI uri;
        try {
            uri = URI.create("mariadb:" + rest);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null) {
            throw new IllegalArgumentException("quarkus.datasource.jdbc.url=" + jdbcUrl
                    + " is not a MariaDB JDBC URL with a host: use jdbc:mariadb://<host>:<port>/<database>");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        return new SourceDatabase(jdbcUrl, uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), database, user,
                password == null ? "" : password);
    }

    @Override
    public void connectorSettings(Properties p, RelayConfig.Source source, SourceDatabase database, Set<TableId> captured) {
        p.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        p.setProperty("database.hostname", database.host());
        p.setProperty("database.port", Integer.toString(database.port()));
        p.setProperty("database.user", database.user());
        p.setProperty("database.password", database.password());
        // the relay reads the binlog as a replica: its id must differ from the server's and its replicas'. Derived from the
        // capture stream's name, so a leader and its standbys share it (MariaDB ends an older dump thread of the same id)
        p.setProperty("database.server.id", Long.toString(serverId(source.slotName())));
        p.setProperty("database.include.list", captured.stream().map(t -> Pattern.quote(t.schema())).sorted().distinct()
                .collect(Collectors.joining(",")));
        // DDL is kept in the schema history, never published as records
        p.setProperty("include.schema.changes", "false");
        // "minimal" holds FLUSH TABLES WITH READ LOCK while the snapshot writes the schema history, which lives in this server:
        // its INSERT would wait for that lock forever (docs/mariadb.md). "none" needs no RELOAD privilege either
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        p.setProperty("schema.history.internal.jdbc.connection.url", database.jdbcUrl());
        p.setProperty("schema.history.internal.jdbc.connection.user", database.user());
        p.setProperty("schema.history.internal.jdbc.connection.password", database.password());
        p.setProperty("schema.history.internal.jdbc.table.name", schemaHistoryTable(source));
        // Debezium's default VARCHAR(65000) does not fit a MariaDB row in utf8mb4 (65,535 bytes at most)
        p.setProperty("schema.history.internal.jdbc.table.ddl", "CREATE TABLE IF NOT EXISTS %s (id VARCHAR(36) NOT NULL,"
                + " history_data MEDIUMTEXT, history_data_seq INTEGER, record_insert_ts TIMESTAMP(6) NOT NULL,"
                + " record_insert_seq INTEGER NOT NULL, PRIMARY KEY (id, history_data_seq))");
        p.setProperty("heartbeat.action.query", "INSERT INTO sluice.heartbeat (id, last_beat) VALUES (1, NOW(6)) "
                + "ON DUPLICATE KEY UPDATE last_beat = VALUES(last_beat)");
    }

    /** The schema history table of a capture stream, in Sluice's database. */
    public static String schemaHistoryTable(RelayConfig.Source source) {
        return "sluice.schema_history_" + source.slotName();
    }

    /** The replica server id of a capture stream: 1,000,000 to 1,999,999, derived from its name. */
    static long serverId(String slotName) {
        return 1_000_000L + (slotName.hashCode() & 0x7fffffff) % 1_000_000L;
    }

    @Override
    public String sluiceMigrations() {
        return "classpath:db/mariadb/sluice";
    }

    @Override
    public String transactionIdOfMarker(String markerId) {
        return markerId; // the GTID
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String deleteOlderThan(TableId table, String timestampColumn) {
        return "DELETE FROM " + quote(table.schema()) + "." + quote(table.table()) + " WHERE " + quote(timestampColumn)
                + " < NOW(6) - INTERVAL ? SECOND";
    }

    @Override
    public List<String> startupProblems(Connection connection, String user, Set<TableId> captured) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet settings = statement.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image")) {
            settings.next();
            if (!settings.getBoolean(1)) {
                problems.add("the binary log is off: start the server with log_bin (e.g. --log-bin=binlog) and a server_id");
            }
            if (!"ROW".equalsIgnoreCase(settings.getString(2))) {
                problems.add("binlog_format is " + settings.getString(2) + ": set binlog_format=ROW (server option or SET GLOBAL)");
            }
            if (!"FULL".equalsIgnoreCase(settings.getString(3))) {
                problems.add("binlog_row_image is " + settings.getString(3) + ": set binlog_row_image=FULL (old values and every column)");
            }
        }
        StringBuilder grants = new StringBuilder();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
            while (rows.next()) {
                grants.append(rows.getString(1).toUpperCase(Locale.ROOT)).append('\n');
            }
        }
        boolean all = grants.indexOf("GRANT ALL PRIVILEGES ON *.*") >= 0;
        if (!all && !grants.toString().matches("(?s).*\\bREPLICATION SLAVE\\b(?! ADMIN).*")) {
            problems.add("user " + user + " lacks REPLICATION SLAVE (reading the binlog): GRANT REPLICATION SLAVE ON *.* TO " + user
                    + " (scripts/sql/mariadb-least-privilege.sql)");
        }
        try (Statement statement = connection.createStatement(); ResultSet ignored = statement.executeQuery("SHOW BINARY LOGS")) {
            // allowed
        } catch (SQLException e) {
            problems.add("user " + user + " cannot read binlog positions (" + e.getMessage() + "): GRANT BINLOG MONITOR ON *.* TO " + user
                    + " (REPLICATION CLIENT before MariaDB 10.5)");
        }
        for (TableId table : new TreeSet<>(captured.stream().map(TableId::toString).toList()).stream().map(TableId::parse).toList()) {
            try (Statement statement = connection.createStatement();
                    ResultSet ignored = statement.executeQuery("SELECT 1 FROM " + quote(table.schema()) + "." + quote(table.table())
                            + " LIMIT 0")) {
                // readable
            } catch (SQLException e) {
                problems.add(
                        "cannot read " + table + " (" + e.getMessage() + "): create it, or GRANT SELECT ON " + quote(table.schema()) + "."
                                + quote(table.table()) + " TO " + user);
            }
        }
        return problems;
    }

    @Override
    public LeaderLock leaderLock(String slotName) {
        return new MariaDbLeaderLock(slotName);
    }
}
