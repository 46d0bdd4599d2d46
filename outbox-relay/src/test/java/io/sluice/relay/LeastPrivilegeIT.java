package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * The relay under the least-privilege role of {@code scripts/sql/least-privilege.sql}, run by psql as a
 * DBA would: REPLICATION, SELECT on the captured legacy tables, its own schema, a publication made by
 * the DBA. Legacy and outbox events flow; the role cannot change a legacy row; an incremental snapshot (admin API) runs.
 */
class LeastPrivilegeIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final String DATABASE = "oms_least";
    private static final String ADMIN_TOKEN = "least-privilege-admin";
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void theRelayStreamsUnderTheLeastPrivilegeRoleAndCannotWriteLegacyTables(@TempDir Path work) throws Exception {
        INFRA.createDatabase(DATABASE);
        LegacyOms.migrate(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password());
        String password = "relay-" + UUID.randomUUID();
        runAsDba(Path.of("..", "scripts", "sql", "least-privilege.sql"), password, work);

        Path settings = work.resolve("least-privilege.properties");
        Files.writeString(settings, "sluice.source.debezium.\"publication.autocreate.mode\"=disabled\n");
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(DATABASE));
        env.put("QUARKUS_DATASOURCE_USERNAME", "sluice_relay");
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "least_privilege");
        env.put("QUARKUS_CONFIG_LOCATIONS", settings.toString());
        env.put("SLUICE_ADMIN_TOKEN", ADMIN_TOKEN);
        relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, work.resolve("relay.log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(90));

        String aggregate = "least" + UUID.randomUUID().toString().substring(0, 6);
        int orderNo;
        try (LegacyOms oms = LegacyOms.connect(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password())) {
            oms.registerCustomer("LP00000001", "LEAST PRIVILEGE GMBH", "lp@example.com", "+49 1", LocalDate.of(2024, 1, 1));
            orderNo = oms.placeOrder("LP00000001", LocalDate.of(2026, 11, 25), List.of(new LegacyOms.Line("BOLT-1", 2, 150)));
        }
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(DATABASE), "sluice_relay", password);
                Statement sql = db.createStatement()) {
            // an application with its own outbox writes as its own user; here the relay's role, which owns schema sluice
            sql.execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (gen_random_uuid(), '"
                    + aggregate + "', 'L-1', 'LeastPrivilegeProved', '{}')");
            assertThatThrownBy(() -> sql.execute("UPDATE \"OMS\".\"ORDHDR\" SET \"ORD_STS\" = 'CX'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }

        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (RecordCollector topics = new RecordCollector(INFRA.kafkaBootstrap(), "orders.events", aggregate + ".events")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                seen.addAll(topics.poll());
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(Integer.toString(orderNo));
                    assertThat(header(r, "ce_type")).isEqualTo("OrderPlaced");
                });
                assertThat(seen).anySatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("LeastPrivilegeProved"));
            });
        }

        // an incremental snapshot works under the role too: it writes its signal and Debezium its watermarks in schema
        // sluice (the role's), and the DBA's publication covers the signal table (TABLES IN SCHEMA sluice)
        String id = given().baseUri(relay.baseUrl()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                .body("{\"tables\": [\"OMS.CUSTMST\"]}").post("/sluice/admin/snapshots").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(relay.baseUrl())
                .header("Authorization", "Bearer " + ADMIN_TOKEN).get("/sluice/admin/snapshots/" + id).then().statusCode(200)
                .body("state", equalTo("completed")).body("tables[0].rowsDone", equalTo(1)));
    }

    private static void runAsDba(Path script, String relayPassword, Path work) throws Exception {
        Path psql = INFRA.postgres().orElseThrow(() -> new IllegalStateException("needs the private PostgreSQL")).binDir().resolve("psql");
        String url = INFRA.jdbcUrl(DATABASE);
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder(psql.toString(), "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()),
                "-U", INFRA.user(), "-d", DATABASE, "-v", "relay_password=" + relayPassword, "-f", script.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("psql.log").toFile());
        builder.environment().put("PGPASSWORD", INFRA.password());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("psql: %s", Files.readString(work.resolve("psql.log"))).isZero();
    }
}
