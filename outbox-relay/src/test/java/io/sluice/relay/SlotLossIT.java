package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.sluice.testkit.Ports;
import io.sluice.testkit.PostgresCluster;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * Issue 18, point 4: the replication slot the relay's stored position refers to is gone (a DBA dropped it while the relay
 * was stopped) or invalidated (PostgreSQL's {@code max_slot_wal_keep_size}). The packaged relay does not create a new slot
 * and go on: readiness is red naming the slot, the stored position and the fix, nothing is published and no slot is
 * created. {@code POST /sluice/admin/slot/recreate} recreates it and snapshots the captured tables, so the customer
 * registered while the slot was lost reaches Kafka, and streaming goes on. A private PostgreSQL cluster, because the test
 * changes a server setting.
 */
class SlotLossIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String TOKEN = "slot-" + UUID.randomUUID();
    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static PostgresCluster postgres;
    private AppProcess relay;

    @BeforeAll
    static void privateCluster(@TempDir Path dir) {
        postgres = PostgresCluster.create(null, dir.resolve("pg")).start();
    }

    @AfterAll
    static void stopCluster() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void aSlotDroppedWhileTheRelayWasStoppedTurnsReadinessRedUntilAnOperatorRecreatesItAndSnapshotsWhatWasMissed(@TempDir Path logs)
            throws Exception {
        String database = "oms_slot_dropped";
        String prefix = "D" + UUID.randomUUID().toString().substring(0, 5).toUpperCase();
        relay = relay(database, logs).start().awaitReady(PATIENCE);
        try (LegacyOms oms = source(database); RecordCollector topic = new RecordCollector(INFRA.kafkaBootstrap(), "customers.events")) {
            streamOneCustomer(oms, topic, prefix + "0001");
            relay.stop();

            // as a DBA would: once the relay's walsender has ended (the slot is not active)
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> execute(database, "SELECT pg_drop_replication_slot('"
                    + database + "')"));
            oms.registerCustomer(prefix + "0002", "MISSED WHILE DROPPED", null, null, LocalDate.of(2025, 5, 1));
            relay.start();

            awaitRedReadiness("Replication slot " + database + " does not exist (dropped) while the relay's stored position is LSN ");
            assertThat(slotExists(database)).as("no slot created by the relay").isFalse();
            assertThat(registered(topic, prefix + "0002")).as("nothing published").isEmpty();

            recreateAndAwaitTheMissedCustomer(database, topic, prefix + "0002");
            streamOneCustomer(oms, topic, prefix + "0003");
        }
        assertThat(relay.log()).doesNotContain("\tat ");
    }

    @Test
    void aSlotDroppedWhileTheRelayStreamsStopsTheEngineBeforeDebeziumCreatesANewOne(@TempDir Path logs) throws Exception {
        String database = "oms_slot_dropped_live";
        String prefix = "L" + UUID.randomUUID().toString().substring(0, 5).toUpperCase();
        relay = relay(database, logs).start().awaitReady(PATIENCE);
        try (LegacyOms oms = source(database); RecordCollector topic = new RecordCollector(INFRA.kafkaBootstrap(), "customers.events")) {
            streamOneCustomer(oms, topic, prefix + "0001");

            // as a DBA would: end the relay's walsender, then drop its slot
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> execute(database, "SELECT pg_terminate_backend(active_pid)"
                    + " FROM pg_replication_slots WHERE slot_name = '" + database + "' AND active_pid IS NOT NULL",
                    "SELECT pg_drop_replication_slot('" + database + "')"));
            oms.registerCustomer(prefix + "0002", "MISSED WHILE DROPPED", null, null, LocalDate.of(2025, 5, 1));

            awaitRedReadiness("Replication slot " + database + " does not exist (dropped) while the relay's stored position is LSN ");
            assertThat(slotExists(database)).as("no slot created by Debezium's retries").isFalse();
            assertThat(registered(topic, prefix + "0002")).as("nothing published").isEmpty();

            recreateAndAwaitTheMissedCustomer(database, topic, prefix + "0002");
            streamOneCustomer(oms, topic, prefix + "0003");
        }
    }

    @Test
    void aSlotInvalidatedByMaxSlotWalKeepSizeTurnsReadinessRedUntilAnOperatorRecreatesIt(@TempDir Path logs) throws Exception {
        String database = "oms_slot_invalidated";
        String prefix = "I" + UUID.randomUUID().toString().substring(0, 5).toUpperCase();
        relay = relay(database, logs).start().awaitReady(PATIENCE);
        try (LegacyOms oms = source(database); RecordCollector topic = new RecordCollector(INFRA.kafkaBootstrap(), "customers.events")) {
            streamOneCustomer(oms, topic, prefix + "0001");
            relay.stop();

            oms.registerCustomer(prefix + "0002", "MISSED WHILE INVALIDATED", null, null, LocalDate.of(2025, 5, 1));
            try {
                execute(database, "ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'", "SELECT pg_reload_conf()",
                        "CREATE TABLE wal_filler (id bigserial, filler text)");
                await().atMost(PATIENCE).until(() -> {
                    execute(database, "INSERT INTO wal_filler (filler) SELECT repeat(md5(g::text), 32) FROM generate_series(1, 4000) g",
                            "SELECT pg_switch_wal()", "CHECKPOINT");
                    return "lost".equals(walStatus(database));
                });
            } finally {
                execute(database, "ALTER SYSTEM RESET max_slot_wal_keep_size", "SELECT pg_reload_conf()");
            }
            relay.start();

            awaitRedReadiness("Replication slot " + database + " was invalidated by the source (wal_status lost: it held back more WAL"
                    + " than max_slot_wal_keep_size allows) while the relay's stored position is LSN ");
            assertThat(walStatus(database)).as("the invalidated slot is left as it is").isEqualTo("lost");
            assertThat(registered(topic, prefix + "0002")).as("nothing published").isEmpty();

            recreateAndAwaitTheMissedCustomer(database, topic, prefix + "0002");
            streamOneCustomer(oms, topic, prefix + "0003");
        }
        assertThat(relay.log()).doesNotContain("\tat ");
    }

    private void streamOneCustomer(LegacyOms oms, RecordCollector topic, String customer) {
        oms.registerCustomer(customer, "STREAMED", null, null, LocalDate.of(2025, 5, 1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(registered(topic, customer)).hasSize(1));
    }

    private void awaitRedReadiness(String loss) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> given().baseUri(relay.baseUrl()).get("/q/health/ready").then()
                .statusCode(503)
                .body(containsString("\"state\": \"SLOT_LOST\""))
                .body(containsString(loss))
                .body(containsString("POST /sluice/admin/slot/recreate")));
        assertThat(relay.isAlive()).isTrue();
    }

    private void recreateAndAwaitTheMissedCustomer(String database, RecordCollector topic, String missed) throws SQLException {
        JsonPath outcome = given().baseUri(relay.baseUrl()).header("Authorization", "Bearer " + TOKEN)
                .post("/sluice/admin/slot/recreate").then().statusCode(200).extract().jsonPath();
        assertThat(outcome.getString("slot")).isEqualTo(database);
        assertThat(outcome.getString("lostAfter")).startsWith("LSN ");
        assertThat(outcome.getString("outcome")).contains("Replication slot " + database + " recreated at LSN ")
                .contains("incremental snapshot " + outcome.getString("snapshot.id")).contains("publishes their current rows");
        assertThat(walStatus(database)).isNotEqualTo("lost");

        relay.awaitReady(PATIENCE);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(registered(topic, missed)).singleElement()
                .satisfies(r -> assertThat(header(r, "ce_sourceposition")).startsWith("incremental-snapshot:")));
    }

    private AppProcess relay(String database, Path logs) {
        postgres.createDatabase(database);
        LegacyOms.migrate(postgres.jdbcUrl(database), PostgresCluster.USER, PostgresCluster.PASSWORD);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgresCluster.USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresCluster.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", database);
        env.put("SLUICE_SOURCE_POSITIONS_TOPIC", "sluice.positions." + database + "." + UUID.randomUUID().toString().substring(0, 6));
        env.put("SLUICE_ADMIN_TOKEN", TOKEN);
        return AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, logs.resolve("relay-" + database + ".log"),
                Ports.free());
    }

    private static LegacyOms source(String database) {
        return LegacyOms.connect(postgres.jdbcUrl(database), PostgresCluster.USER, PostgresCluster.PASSWORD);
    }

    private static List<ConsumerRecord<String, String>> registered(RecordCollector topic, String customer) {
        return topic.poll().stream().filter(r -> customer.equals(r.key()) && "CustomerRegistered".equals(header(r, "ce_type"))).toList();
    }

    private static boolean slotExists(String slot) throws SQLException {
        return walStatus(slot) != null;
    }

    /** The slot's wal_status; null when there is no such slot. The slot is named after its database. */
    private static String walStatus(String slot) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(slot), PostgresCluster.USER, PostgresCluster.PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT coalesce(wal_status, 'none') FROM pg_replication_slots"
                        + " WHERE slot_name = '" + slot + "'")) {
            return result.next() ? result.getString(1) : null;
        }
    }

    private static void execute(String database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database), PostgresCluster.USER,
                PostgresCluster.PASSWORD);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
