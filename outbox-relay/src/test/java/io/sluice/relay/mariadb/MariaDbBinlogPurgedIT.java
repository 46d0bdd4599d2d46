package io.sluice.relay.mariadb;

import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.relay.PackagedRelay;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.process.AppProcess;

/**
 * Issue 17, point 2: the binlog the relay's stored position reads from was purged while the relay was down
 * ({@code binlog_expire_logs_seconds}, {@code PURGE BINARY LOGS}). The relay does not start from wherever the server now
 * is: it stops with one line naming the purged binlog, the loss and the fix; started with a capture stream of a new name,
 * as that line says, it snapshots the captured tables and publishes the row written while it was down. Positions in
 * Kafka (exactly-once, the default).
 */
class MariaDbBinlogPurgedIT {

    /** Generous: on a loaded 2-core machine a packaged relay has taken over 90 s to be ready. */
    private static final Duration READY = Duration.ofSeconds(180);

    private final MariaDbSource mariadb = MariaDbSource.shared();

    @Test
    void aPurgedBinlogStopsTheRelayNamingItAndANewCaptureStreamSnapshotsTheMissedRow(@TempDir Path work) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String database = "PRG_" + suffix;
        String aggregate = "prg" + suffix;
        mariadb.createDatabase(database);
        sql(database, "CREATE TABLE ITMMST (ITM_NO INTEGER NOT NULL PRIMARY KEY, ITM_NM CHAR(20) NOT NULL) ENGINE = InnoDB");
        Path mappings = Files.createDirectories(work.resolve("mappings"));
        Files.writeString(mappings.resolve("items.yaml"), """
                table: %s.ITMMST
                aggregate: %s
                key: [ITM_NO]
                fields:
                  itemNo: { column: ITM_NO, convert: string }
                  name:   { column: ITM_NM, convert: trim }
                events:
                  - { type: ItemListed, on: insert }
                """.formatted(database, aggregate));
        Map<String, String> env = PackagedRelay.environment(mariadb.jdbcUrl(database), mariadb.user(), mariadb.password(),
                SluiceInfrastructure.shared().kafkaBootstrap(), mappings, "purged_" + suffix);
        env.put("SLUICE_SOURCE_POSITIONS_TOPIC", "sluice.positions." + aggregate);

        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), aggregate + ".events")) {
            try (AppProcess relay = PackagedRelay.of(env, work.resolve("relay-1.log")).start()) {
                relay.awaitReady(READY);
                sql(database, "INSERT INTO ITMMST VALUES (1, 'BEFORE')");
                awaitKey(events, "1");
                assertThat(relay.stop()).as("stopped cleanly, its position stored").isTrue();
            }

            sql(database, "INSERT INTO ITMMST VALUES (2, 'WHILE DOWN')"); // in the binlog that is purged next
            String newest = purgeAllButNewBinlog();

            try (AppProcess relay = PackagedRelay.of(env, work.resolve("relay-2.log")).start()) {
                assertThat(relay.awaitExit(READY)).as("the relay stops instead of skipping the purged changes").isNotZero();
                assertThat(relay.log()).contains("cannot be resumed: the binlog it needs").contains("is no longer on the server")
                        .contains(newest).contains("sluice.source.slot-name=purged_" + suffix + "_2");
            }
            assertThat(events.poll()).noneMatch(r -> "2".equals(r.key()));

            env.put("SLUICE_SOURCE_SLOT_NAME", "purged_" + suffix + "_2"); // the fix the line names
            try (AppProcess relay = PackagedRelay.of(env, work.resolve("relay-3.log")).start()) {
                relay.awaitReady(READY);
                ConsumerRecord<String, String> missed = awaitKey(events, "2");
                assertThat(missed.value()).contains("\"name\":\"WHILE DOWN\"");
                System.out.printf("[MariaDB binlog purged] the relay stopped naming the purged binlog; with a new slot name the row"
                        + " written while it was down arrived as %s%n", header(missed, "ce_type"));
            }
        }
    }

    /**
     * Starts a new binlog and purges every older one, as {@code binlog_expire_logs_seconds} would; returns the new one.
     * MariaDB keeps a binlog until its transactions are durable in InnoDB (binlog checkpoint): purged again until only
     * the new one is left.
     */
    private String purgeAllButNewBinlog() throws Exception {
        try (Connection db = DriverManager.getConnection(mariadb.jdbcUrl(), mariadb.user(), mariadb.password());
                Statement sql = db.createStatement()) {
            sql.execute("FLUSH BINARY LOGS");
            String newest = binlogs(sql).get(binlogs(sql).size() - 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                sql.execute("PURGE BINARY LOGS TO '" + newest + "'");
                return binlogs(sql);
            }, left -> left.equals(List.of(newest)));
            return newest;
        }
    }

    private static List<String> binlogs(Statement sql) throws Exception {
        List<String> binlogs = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                binlogs.add(rows.getString(1));
            }
        }
        return binlogs;
    }

    private static ConsumerRecord<String, String> awaitKey(RecordCollector events, String key) {
        return await().atMost(Duration.ofSeconds(120)).until(
                () -> events.poll().stream().filter(r -> key.equals(r.key())).findFirst().orElse(null), r -> r != null);
    }

    private void sql(String database, String statement) throws Exception {
        try (Connection db = DriverManager.getConnection(mariadb.jdbcUrl(database), mariadb.user(), mariadb.password());
                Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }
}
