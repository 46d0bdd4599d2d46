package io.sluice.relay.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.sluice.testkit.MariaDbSource;

/** What Debezium's MariaDB connector does against the testkit's MariaDB 10.11 in the embedded engine (see docs/mariadb.md). */
class MariaDbConnectorSpikeTest {

    private final MariaDbSource mariadb = MariaDbSource.shared();

    @Test
    void snapshotsStreamsAndRecoversItsSchemaHistoryFromTheSourceDatabase() throws Exception {
        exec("sluice", "DROP DATABASE IF EXISTS SPIKE", "CREATE DATABASE SPIKE",
                "CREATE TABLE SPIKE.ORDHDR (ORD_NO INT PRIMARY KEY, ORD_STS CHAR(2) NOT NULL)",
                "INSERT INTO SPIKE.ORDHDR VALUES (1, 'NW')",
                "DROP TABLE IF EXISTS sluice.spike_offsets", "DROP TABLE IF EXISTS sluice.spike_schema_history");
        List<SourceRecord> records = new CopyOnWriteArrayList<>();
        Properties settings = settings();

        try (Engine engine = new Engine(settings, records)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rows(records, "r").size() == 1);
            exec("SPIKE", "START TRANSACTION", "INSERT INTO ORDHDR VALUES (2, 'NW')", "UPDATE ORDHDR SET ORD_STS = 'PK' WHERE ORD_NO = 1",
                    "COMMIT");
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(records, "u").size() == 1);
        }
        Struct snapshotSource = source(rows(records, "r").get(0));
        assertThat(snapshotSource.getString("db")).isEqualTo("SPIKE");
        assertThat(snapshotSource.getString("table")).isEqualTo("ORDHDR");
        Struct insert = source(rows(records, "c").get(0));
        Struct update = source(rows(records, "u").get(0));
        assertThat(insert.getString("gtid")).matches("0-7-\\d+").isEqualTo(update.getString("gtid"));
        assertThat(insert.getString("file")).startsWith("binlog.");
        assertThat(insert.getInt64("pos")).as("the position of each row event").isLessThan(update.getInt64("pos"));
        assertThat(insert.getInt64("server_id")).isEqualTo(7L);
        assertThat(insert.getInt32("row")).isNotNull();
        Struct updated = (Struct) rows(records, "u").get(0).value();
        assertThat(updated.getStruct("before").getString("ORD_STS")).isEqualTo("NW");
        assertThat(updated.getStruct("after").getString("ORD_STS")).isEqualTo("PK");
        List<Struct> markers = records.stream().map(r -> (Struct) r.value())
                .filter(v -> v != null && v.schema().field("status") != null).toList();
        assertThat(markers).extracting(m -> m.getString("status")).containsSubsequence("BEGIN", "END");
        // the transaction's END marker carries its GTID and the number of its captured changes (the connector also
        // marks transactions without captured changes, e.g. the offset store's own writes, with event_count 0)
        assertThat(markers).filteredOn(m -> "END".equals(m.getString("status")) && insert.getString("gtid").equals(m.getString("id")))
                .singleElement().satisfies(end -> assertThat(end.getInt64("event_count")).isEqualTo(2L));
        assertThat(insert.getString("gtid"))
                .isEqualTo(((Struct) rows(records, "c").get(0).value()).getStruct("transaction").getString("id"));

        // while the engine is down: a column is added and a row written with it; the schema history kept in the source
        // database lets the restarted engine read the binlog from where it stopped, with the new column
        exec("SPIKE", "ALTER TABLE ORDHDR ADD COLUMN RMK_TX VARCHAR(200)", "INSERT INTO ORDHDR VALUES (3, 'NW', 'after the DDL')");
        records.clear();
        try (Engine engine = new Engine(settings, records)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rows(records, "c").size() == 1);
        }
        assertThat(rows(records, "r")).as("no second snapshot").isEmpty();
        Struct after = ((Struct) rows(records, "c").get(0).value()).getStruct("after");
        assertThat(after.getInt32("ORD_NO")).isEqualTo(3);
        assertThat(after.getString("RMK_TX")).isEqualTo("after the DDL");
    }

    private Properties settings() {
        Properties p = new Properties();
        p.setProperty("name", "spike");
        p.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        p.setProperty("topic.prefix", "spike");
        String url = mariadb.jdbcUrl("sluice");
        var host = java.net.URI.create(url.substring("jdbc:".length()));
        p.setProperty("database.hostname", host.getHost());
        p.setProperty("database.port", Integer.toString(host.getPort()));
        p.setProperty("database.user", mariadb.user());
        p.setProperty("database.password", mariadb.password());
        p.setProperty("database.server.id", "5401");
        p.setProperty("database.include.list", "SPIKE");
        p.setProperty("table.include.list", "SPIKE\\.ORDHDR");
        p.setProperty("include.schema.changes", "false");
        // "minimal" (the default) holds a global read lock (FLUSH TABLES WITH READ LOCK) while the snapshot reads the
        // table definitions and writes them to the schema history: with the history in the same server, its INSERT
        // waits for that lock forever
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        p.setProperty("schema.history.internal.jdbc.connection.url", url);
        p.setProperty("schema.history.internal.jdbc.connection.user", mariadb.user());
        p.setProperty("schema.history.internal.jdbc.connection.password", mariadb.password());
        p.setProperty("schema.history.internal.jdbc.table.name", "spike_schema_history");
        // the default VARCHAR(65000) does not fit a MariaDB row in utf8mb4 (65,535 bytes at most)
        p.setProperty("schema.history.internal.jdbc.table.ddl", "CREATE TABLE IF NOT EXISTS %s (id VARCHAR(36) NOT NULL,"
                + " history_data MEDIUMTEXT, history_data_seq INTEGER, record_insert_ts TIMESTAMP(6) NOT NULL,"
                + " record_insert_seq INTEGER NOT NULL, PRIMARY KEY (id, history_data_seq))");
        p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        p.setProperty("offset.storage.jdbc.connection.url", url);
        p.setProperty("offset.storage.jdbc.connection.user", mariadb.user());
        p.setProperty("offset.storage.jdbc.connection.password", mariadb.password());
        p.setProperty("offset.storage.jdbc.table.name", "spike_offsets");
        p.setProperty("offset.flush.interval.ms", "100");
        p.setProperty("poll.interval.ms", "20");
        return p;
    }

    private static List<SourceRecord> rows(List<SourceRecord> records, String op) {
        return records.stream().filter(r -> r.value() instanceof Struct v && v.schema().field("op") != null && op.equals(v.getString("op")))
                .toList();
    }

    private static Struct source(SourceRecord record) {
        return ((Struct) record.value()).getStruct("source");
    }

    private void exec(String database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(database), mariadb.user(), mariadb.password());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** One embedded engine on its own thread; closing waits until it has stopped (its offsets flushed). */
    private static final class Engine implements AutoCloseable {
        private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
        private final ExecutorService thread = Executors.newSingleThreadExecutor();

        Engine(Properties settings, List<SourceRecord> sink) {
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class)).using(settings)
                    .notifying((batch, committer) -> {
                        for (RecordChangeEvent<SourceRecord> event : batch) {
                            sink.add(event.record());
                            committer.markProcessed(event);
                        }
                        committer.markBatchFinished();
                    })
                    .using((success, message, error) -> {
                        if (!success) {
                            System.err.println("engine stopped: " + message + " " + error);
                        }
                    })
                    .build();
            thread.submit(engine);
        }

        @Override
        public void close() throws Exception {
            engine.close();
            thread.shutdown();
            thread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
