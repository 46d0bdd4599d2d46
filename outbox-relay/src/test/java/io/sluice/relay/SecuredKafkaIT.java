package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * The relay on a broker that only lets clients in over TLS with SASL (PLAIN): the Kafka settings under
 * {@code sluice.publish.kafka} reach every Kafka client of the relay (producer, broker probe, dead-letter reader,
 * Kafka offset store); wrong credentials are reported as such in readiness and the log, and retried; the
 * passwords appear nowhere.
 */
class SecuredKafkaIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final String USER = "sluice-relay";
    private static final String PASSWORD = "sasl-" + UUID.randomUUID();
    private static KafkaBroker broker;
    private AppProcess relay;

    @BeforeAll
    static void startSecuredBroker() {
        broker = KafkaBroker.create(Path.of("target", "secured-kafka").toAbsolutePath()).withSaslSslListener(USER, PASSWORD).start();
    }

    @AfterAll
    static void stopSecuredBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void eventsAndPositionsGoThroughSaslOverTls(@TempDir Path work) throws Exception {
        Map<String, String> client = broker.securedClientSettings(USER, PASSWORD);
        String database = "oms_sasl";
        relay = startRelay(work, database, client);
        relay.awaitReady(Duration.ofSeconds(90));

        String aggregate = "sasl" + UUID.randomUUID().toString().substring(0, 6);
        insertOutboxRows(database, aggregate, 20);
        try (RecordCollector topic = new RecordCollector(broker.securedBootstrapServers(), client, aggregate + ".events")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(topic.poll()).hasSize(20));
            assertThat(topic.poll()).extracting(ConsumerRecord::key).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 20).mapToObj(i -> "S-" + i).toList());
        }
        // the positions topic (exactly-once), on the same secured listener, holds the relay's source position; the store
        // looked for a position to take over in the at-least-once offsets topic through that listener too
        try (Admin admin = Admin.create(adminSettings(client))) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.listTopics().names().get()).contains("sluice.positions"));
        }
        // the dead-letter reader connects as the producer does
        given().baseUri(relay.baseUrl()).header("Authorization", "Bearer admin-token").when().get("/sluice/admin/dead-letters")
                .then().statusCode(200);
        given().baseUri(relay.baseUrl()).when().get("/q/health/ready").then().statusCode(200);
        relay.stop();

        assertThat(relay.log()).contains("Streaming changes").doesNotContain(PASSWORD)
                .doesNotContain(client.get("ssl.truststore.password"));
    }

    @Test
    void wrongCredentialsAreReportedAsSuchAndRetried(@TempDir Path work) throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        relay = startRelay(work, "oms_sasl_wrong", broker.securedClientSettings(USER, wrong));

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> given().baseUri(relay.baseUrl()).when().get("/q/health/ready").then()
                        .statusCode(503)
                        .body(containsString("Kafka broker at " + broker.securedBootstrapServers() + " refused the relay's credentials"))
                        .body(containsString("sasl.jaas.config")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(relay.log())
                .contains("refused the relay's credentials").contains("retrying in"));
        String health = given().baseUri(relay.baseUrl()).when().get("/q/health").then().extract().asString();
        assertThat(relay.isAlive()).as("the relay retries; it does not exit").isTrue();
        relay.stop();
        assertThat(relay.log() + health).doesNotContain(wrong);
    }

    @Test
    void anUntrustedBrokerCertificateIsReportedAsATlsFailure(@TempDir Path work) throws Exception {
        Map<String, String> client = new HashMap<>(broker.securedClientSettings(USER, PASSWORD));
        client.keySet().removeIf(key -> key.startsWith("ssl.truststore.")); // the JVM's default trust store: self-signed is not trusted
        relay = startRelay(work, "oms_sasl_untrusted", client);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> given().baseUri(relay.baseUrl()).when()
                .get("/q/health/ready").then().statusCode(503)
                .body(containsString("Kafka broker at " + broker.securedBootstrapServers() + " failed the TLS handshake"))
                .body(containsString("ssl.* settings")));
        assertThat(relay.isAlive()).as("the relay retries; it does not exit").isTrue();
    }

    /** The packaged relay (started, not awaited), publishing to the secured listener only, with Kafka-stored positions. */
    private AppProcess startRelay(Path work, String database, Map<String, String> client) throws Exception {
        INFRA.createDatabase(database);
        LegacyOms.migrate(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
        Path settings = work.resolve("kafka-security.properties");
        Files.writeString(settings, client.entrySet().stream()
                .map(e -> "sluice.publish.kafka.\"" + e.getKey() + "\"=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", INFRA.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", INFRA.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.securedBootstrapServers());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "sasl");
        env.put("SLUICE_SOURCE_SLOT_NAME", database);
        env.put("SLUICE_SOURCE_OFFSET_STORE", "kafka");
        env.put("SLUICE_SOURCE_OFFSET_TOPIC", "sasl.offsets");
        env.put("SLUICE_SOURCE_RESTART_BACKOFF", "1s");
        env.put("SLUICE_ADMIN_TOKEN", "admin-token");
        env.put("QUARKUS_CONFIG_LOCATIONS", settings.toString());
        AppProcess process = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, work.resolve("relay.log"),
                Ports.free()).start();
        return process;
    }

    private static void insertOutboxRows(String database, String aggregate, int rows) throws Exception {
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
                Statement sql = db.createStatement()) {
            for (int i = 0; i < rows; i++) {
                sql.execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (gen_random_uuid(), '"
                        + aggregate + "', 'S-" + i + "', 'SecuredDelivery', '{\"n\":" + i + "}')");
            }
        }
    }

    private static Map<String, Object> adminSettings(Map<String, String> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.securedBootstrapServers());
        return settings;
    }
}
