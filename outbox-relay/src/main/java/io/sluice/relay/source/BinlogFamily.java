package io.sluice.relay.source;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.SourceDatabase;
import io.sluice.relay.config.RelayConfig;

/**
 * The MySQL family (MariaDB, MySQL), what its two members share: the row binlog, read as a replica with its own
 * server id; the DDL seen in the binlog kept in a schema history table in the source database (Sluice's
 * {@code sluice} database, the same migrations); positions are {@code file:pos:row}, transaction ids GTIDs; the
 * leader holds a {@code GET_LOCK} lock on a connection of its own; a frozen leader is fenced with
 * {@code KILL CONNECTION}. A "schema" in a mapping ({@code OMS.ORDHDR}) is a database here. Each member names its
 * Debezium connector (Debezium reads MariaDB's and MySQL's GTIDs with different connectors) and the server settings
 * and privileges that only it has.
 */
public abstract sealed class BinlogFamily implements SourceFamily permits MariaDbFamily, MySqlFamily {

    /** Table (in Sluice's database) naming the instance that holds each leadership lock; the servers keep no session names. */
    public static final String LEADER_TABLE = "sluice.relay_leader";

    BinlogFamily() {
    }

    /** The scheme of this member's JDBC URLs: {@code jdbc:mariadb}, {@code jdbc:mysql}. */
    abstract String urlScheme();

    /** Debezium's connector for this member. */
    abstract String connectorClass();

    /**
     * The server variables {@link #startupProblems} reads, each known to this member's server (asking for an unknown one
     * fails the query): {@code log_bin}, {@code binlog_format}, {@code binlog_row_image} first.
     */
    List<String> checkedVariables() {
        return List.of("log_bin", "binlog_format", "binlog_row_image");
    }

    /** What is wrong with the values of {@link #checkedVariables()} (by name), one sentence each naming the fix. */
    List<String> settingProblems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        if (!"1".equals(settings.get("log_bin")) && !"ON".equalsIgnoreCase(settings.get("log_bin"))) {
            problems.add("the binary log is off: start the server with log_bin (e.g. --log-bin=binlog) and a server_id");
        }
        if (!"ROW".equalsIgnoreCase(settings.get("binlog_format"))) {
            problems.add("binlog_format is " + settings.get("binlog_format") + ": set binlog_format=ROW (server option or SET GLOBAL)");
        }
        if (!"FULL".equalsIgnoreCase(settings.get("binlog_row_image"))) {
            problems.add("binlog_row_image is " + settings.get("binlog_row_image")
                    + ": set binlog_row_image=FULL (old values and every column)");
        }
        return problems;
    }

    /** The statement granting {@code user} what lists the binlogs ({@code SHOW BINARY LOGS}), with a note where needed. */
    abstract String binlogMonitorGrant(String user);

    /**
     * An expression of {@code information_schema.PROCESSLIST} giving how long a session has been in its state, in
     * milliseconds.
     */
    abstract String processlistMillis();

    @Override
    public String positionField() {
        return "file";
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
            throw new IllegalArgumentException("quarkus.datasource.jdbc.url=" + jdbcUrl + " is not a " + displayName()
                    + " JDBC URL with a host: use " + urlScheme() + "://<host>:<port>/<database>");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        return new SourceDatabase(jdbcUrl, uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), database, user,
                password == null ? "" : password);
    }

    @Override
    public void connectorSettings(Properties p, RelayConfig.Source source, SourceDatabase database, Set<TableId> captured) {
        p.setProperty("connector.class", connectorClass());
        p.setProperty("database.hostname", database.host());
        p.setProperty("database.port", Integer.toString(database.port()));
        p.setProperty("database.user", database.user());
        p.setProperty("database.password", database.password());
        // the relay reads the binlog as a replica: its id must differ from the server's and its replicas'. Derived from the
        // capture stream's name, so a leader and its standbys share it (the server ends an older dump thread of the same id)
        p.setProperty("database.server.id", Long.toString(serverId(source.slotName())));
        p.setProperty("database.include.list", captured.stream().map(t -> Pattern.quote(t.schema())).sorted().distinct()
                .collect(Collectors.joining(",")));
        // DDL is kept in the schema history, never published as records
        p.setProperty("include.schema.changes", "false");
        // "minimal" holds FLUSH TABLES WITH READ LOCK while the snapshot writes the schema history, which lives in this server:
        // its INSERT would wait for that lock forever (docs/mariadb.md). "none" needs no RELOAD privilege either; both
        // connectors accept it (MySQL's also has minimal_percona*, which take the same global lock)
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        // on database sluice: Debezium checks that "sluice.schema_history_<slot>" exists in database sluice but reads and
        // writes the bare table name in its connection's database; on another, every restart found no history
        p.setProperty("schema.history.internal.jdbc.connection.url", schemaHistoryUrl(database.jdbcUrl()));
        p.setProperty("schema.history.internal.jdbc.connection.user", database.user());
        p.setProperty("schema.history.internal.jdbc.connection.password", database.password());
        p.setProperty("schema.history.internal.jdbc.table.name", schemaHistoryTable(source));
        // Debezium's default VARCHAR(65000) does not fit a row in utf8mb4 (65,535 bytes at most, MariaDB and MySQL)
        p.setProperty("schema.history.internal.jdbc.table.ddl", "CREATE TABLE IF NOT EXISTS %s (id VARCHAR(36) NOT NULL,"
                + " history_data MEDIUMTEXT, history_data_seq INTEGER, record_insert_ts TIMESTAMP(6) NOT NULL,"
                + " record_insert_seq INTEGER NOT NULL, PRIMARY KEY (id, history_data_seq))");
        // no VALUES() in the update: MySQL deprecates it there (8.0.20)
        p.setProperty("heartbeat.action.query", "INSERT INTO sluice.heartbeat (id, last_beat) VALUES (1, NOW(6)) "
                + "ON DUPLICATE KEY UPDATE last_beat = NOW(6)");
    }

    /** The datasource's URL with database {@code sluice}, where the schema history lives, whatever database it names. */
    static String schemaHistoryUrl(String jdbcUrl) {
        int hosts = jdbcUrl.indexOf("//") + 2;
        int query = jdbcUrl.indexOf('?', hosts);
        int end = query < 0 ? jdbcUrl.length() : query;
        int slash = jdbcUrl.indexOf('/', hosts);
        int database = slash < 0 || slash > end ? end : slash;
        return jdbcUrl.substring(0, database) + "/sluice" + jdbcUrl.substring(end);
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

    /** Backticks: MariaDB and MySQL read them as identifier quotes in every SQL mode, {@code ANSI_QUOTES} included. */
    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /**
     * {@code information_schema.TABLES.TABLE_ROWS}: InnoDB's estimate from its index statistics (sampled pages, so it may
     * be off by tens of percent on a large table); exact for MyISAM.
     */
    @Override
    public OptionalLong estimatedRows(Connection connection, TableId table) throws SQLException {
        try (PreparedStatement query = connection
                .prepareStatement("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            query.setString(1, table.schema());
            query.setString(2, table.table());
            try (ResultSet result = query.executeQuery()) {
                if (result.next()) {
                    long rows = result.getLong(1);
                    return result.wasNull() ? OptionalLong.empty() : OptionalLong.of(rows);
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public String deleteOlderThan(TableId table, String timestampColumn) {
        return "DELETE FROM " + quote(table.schema()) + "." + quote(table.table()) + " WHERE " + quote(timestampColumn)
                + " < NOW(6) - INTERVAL ? SECOND";
    }

    @Override
    public List<String> startupProblems(Connection connection, String user, Set<TableId> captured) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(settingsQuery())) {
            row.next();
            Map<String, String> settings = new HashMap<>();
            for (int i = 0; i < checkedVariables().size(); i++) {
                settings.put(checkedVariables().get(i), row.getString(i + 1));
            }
            problems.addAll(settingProblems(settings));
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
            problems.add("user " + user + " cannot read binlog positions (" + e.getMessage() + "): " + binlogMonitorGrant(user));
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

    /** The query reading {@link #checkedVariables()}, in their order. */
    String settingsQuery() {
        return checkedVariables().stream().map(v -> "@@" + v).collect(Collectors.joining(", ", "SELECT ", ""));
    }

    /** None: the server keeps no slot for the relay; a purged binlog the relay still needed is reported by {@link BinlogRetention}. */
    @Override
    public Optional<ReplicationSlot> replicationSlot(Connection connection, String slotName) {
        return Optional.empty();
    }

    @Override
    public Optional<String> positionGone(Connection connection, Map<String, ?> storedOffset) throws SQLException {
        return BinlogRetention.purged(connection, storedOffset);
    }

    /**
     * Only a transaction read again is ordered: the same binlog file and transaction start ({@code pos}) on the same
     * server, with fewer of its events and rows handled. Debezium emits such offsets after a restart from inside a
     * transaction: it reads the skipped events again, and a heartbeat meanwhile carries the transaction's start with none
     * handled. Offsets of different transactions are not ordered here: after {@code RESET MASTER} or on another server
     * the binlog's names and positions start again, and holding positions back then would stall them for good.
     */
    @Override
    public boolean precedes(Map<String, ?> offset, Map<String, ?> other) {
        Object file = offset.get("file");
        Object server = offset.get("server_id");
        Object otherServer = other.get("server_id");
        if (file == null || !file.equals(other.get("file")) || server != null && otherServer != null
                && !server.toString().equals(otherServer.toString())) {
            return false;
        }
        try {
            if (number(offset.get("pos")) != number(other.get("pos"))) {
                return false; // another transaction
            }
            long[] handled = {number(offset.get("event")), number(offset.get("row"))};
            long[] otherHandled = {number(other.get("event")), number(other.get("row"))};
            return Arrays.compare(handled, otherHandled) < 0;
        } catch (NumberFormatException e) {
            return false; // not an offset this family wrote
        }
    }

    /** An offset's number, however the store handed it back (Long, Integer, text); absent is 0. */
    private static long number(Object value) {
        return value == null ? 0 : value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }

    /** None comparable with a slot: a binlog position is a binlog file and an offset in it. */
    @Override
    public OptionalLong resumePosition(Map<String, ?> storedOffset) {
        return OptionalLong.empty();
    }

    @Override
    public String describePosition(long position) {
        return "binlog position " + position;
    }

    @Override
    public long recreateSlot(Connection connection, String slotName) {
        throw new UnsupportedOperationException(displayName() + " keeps no replication slot for the relay: there is none to recreate");
    }

    @Override
    public String sessionIdFunction() {
        return "CONNECTION_ID()";
    }

    @Override
    public LeaderLock leaderLock(String slotName) {
        return new BinlogLeaderLock(slotName, processlistMillis());
    }
}
