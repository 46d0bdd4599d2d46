package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * No secret leaves the relay: the database password, a Kafka client secret and the admin token never
 * appear in its log (Sluice's own categories at DEBUG) or in anything its HTTP endpoints serve, the admin
 * API included, while it streams.
 */
class SecretsStayOutIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void passwordsAppearNeitherInTheLogNorInAnyEndpoint(@TempDir Path work) throws Exception {
        String database = "oms_secrets";
        INFRA.createDatabase(database);
        LegacyOms.migrate(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
        String role = "relay_" + UUID.randomUUID().toString().substring(0, 8);
        String dbPassword = "db-" + UUID.randomUUID();
        String kafkaSecret = "kafka-" + UUID.randomUUID();
        String adminToken = "admin-" + UUID.randomUUID();
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
                Statement sql = db.createStatement()) {
            sql.execute("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + dbPassword + "'");
        }
        Path settings = work.resolve("secrets.properties");
        // a client secret the PLAINTEXT connection does not use, but that travels through the relay's configuration
        Files.writeString(settings, "sluice.publish.kafka.\"ssl.key.password\"=" + kafkaSecret + "\n");

        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", role);
        env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "secrets");
        env.put("QUARKUS_CONFIG_LOCATIONS", settings.toString());
        env.put("SLUICE_ADMIN_TOKEN", adminToken);
        env.put("QUARKUS_LOG_CATEGORY__IO_SLUICE__LEVEL", "DEBUG");
        relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, work.resolve("relay.log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(90));

        String aggregate = "secret" + UUID.randomUUID().toString().substring(0, 6);
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
                Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (gen_random_uuid(), '"
                    + aggregate + "', 'S-1', 'SecretKept', '{\"ok\":true}')");
        }
        try (RecordCollector topic = new RecordCollector(INFRA.kafkaBootstrap(), aggregate + ".events")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !topic.poll().isEmpty());
        }

        List<String> served = new ArrayList<>();
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/sluice/asyncapi",
                "/sluice/schemas/OrderPlaced")) {
            served.add(given().baseUri(relay.baseUrl()).when().get(path).then().extract().asString());
        }
        for (String path : List.of("/sluice/admin/status", "/sluice/admin/mappings")) {
            served.add(given().baseUri(relay.baseUrl()).header("Authorization", "Bearer " + adminToken).when().get(path)
                    .then().statusCode(200).extract().asString());
        }
        relay.stop();

        assertThat(relay.log()).as("relay log").contains("Streaming changes").doesNotContain(dbPassword).doesNotContain(kafkaSecret)
                .doesNotContain(adminToken);
        assertThat(served)
                .allSatisfy(body -> assertThat(body).doesNotContain(dbPassword).doesNotContain(kafkaSecret).doesNotContain(adminToken));
        assertThat(String.join("", served)).contains("sluice_events_published_total");
    }
}
