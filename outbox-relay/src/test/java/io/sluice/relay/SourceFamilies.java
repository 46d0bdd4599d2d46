package io.sluice.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.restassured.path.json.JsonPath;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SourceServer;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;

/** The source families a packaged-relay test runs against, and the little SQL that differs between them in tests. */
public enum SourceFamilies {
    POSTGRESQL, MARIADB;

    /** The shared server of the family (started on first use). */
    public SourceServer server() {
        return this == POSTGRESQL ? SluiceInfrastructure.shared() : MariaDbSource.shared();
    }

    /**
     * The database a test's relay reads: its own on PostgreSQL; on MariaDB, where the OMS tables live in database
     * {@code OMS} of the one server whatever database a URL names, the one the MariaDB tests share.
     */
    public String legacyDatabase(String postgresDatabase) {
        return this == POSTGRESQL ? postgresDatabase : LegacyOmsMariaDbResource.DATABASE;
    }

    /** SQL for a new random UUID, e.g. an outbox row's id. */
    public String newUuid() {
        return this == POSTGRESQL ? "gen_random_uuid()" : "UUID()";
    }

    /**
     * The source sessions that read capture stream {@code slotName} now: the slot's walsender on PostgreSQL; on MariaDB,
     * where nothing ties a binlog dump thread to a stream, every {@code Binlog Dump} thread of the server.
     */
    public Set<Long> streamReaders(Connection db, String slotName) throws SQLException {
        String sql = this == POSTGRESQL
                ? "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL"
                : "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%' AND ? IS NOT NULL";
        Set<Long> sessions = new HashSet<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, slotName);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sessions.add(rows.getLong(1));
                }
            }
        }
        return sessions;
    }

    /** Whether a source session (backend pid, connection id) still exists. */
    public boolean isSessionAlive(Connection db, long session) throws SQLException {
        String sql = this == POSTGRESQL
                ? "SELECT count(*) FROM pg_stat_activity WHERE pid = ?"
                : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ?";
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, session);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
    }

    /** What reads a capture stream on the source, for messages. */
    public String streamReaderName() {
        return this == POSTGRESQL ? "walsender" : "Binlog Dump thread";
    }

    /** The fields of a stored source position that order it, most significant first. */
    public List<String> positionFields() {
        return this == POSTGRESQL ? List.of("lsn") : List.of("file", "pos", "event", "row");
    }

    /**
     * A stored source position (Debezium's offset) as numbers that order it: the LSN on PostgreSQL; on MariaDB the binlog
     * file's number, the position of the transaction's start in it, and the events and rows of it already handled.
     */
    public List<Long> positionOrder(JsonPath position) {
        List<Long> order = new ArrayList<>();
        for (String field : positionFields()) {
            Object value = position.get(field);
            if (field.equals("file")) {
                String file = String.valueOf(value);
                order.add(Long.parseLong(file.substring(file.lastIndexOf('.') + 1)));
            } else {
                order.add(value == null ? 0L : Long.parseLong(value.toString()));
            }
        }
        return order;
    }
}
