package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * What an operator sees when something is wrong at start-up: the packaged relay, run as a process,
 * says what is wrong in one line (no stack trace wall), stops for what retrying cannot fix, and
 * retries (reporting in readiness) what may come back.
 */
class RelayStartupFailuresIT {

    private static final Path RELAY_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private AppProcess relay;

    @BeforeAll
    static void legacyDatabase() {
        INFRA.createDatabase("oms_failures");
        LegacyOms.migrate(INFRA.jdbcUrl("oms_failures"), INFRA.user(), INFRA.password());
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void aWrongDatabasePasswordStopsTheRelayWithOneClearLine(@TempDir Path logs) {
        relay = start(logs, Map.of("QUARKUS_DATASOURCE_PASSWORD", "wrong-password"));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(relay.log())
                .contains("Sluice relay cannot start: Cannot log in to the source database " + INFRA.jdbcUrl("oms_failures") + " as sluice")
                .contains("password authentication failed")
                .contains("check quarkus.datasource.username / quarkus.datasource.password")
                .doesNotContain("\tat ")
                .doesNotContain("wrong-password");
    }

    @Test
    void anUnreachableBrokerIsRetriedAndReportedInReadiness(@TempDir Path logs) {
        String nowhere = "127.0.0.1:" + Ports.free();
        relay = start(logs, Map.of("KAFKA_BOOTSTRAP_SERVERS", nowhere));

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> given().baseUri(relay.baseUrl()).get("/q/health/ready").then()
                        .statusCode(503)
                        .body(containsString("Kafka broker at " + nowhere + " (kafka.bootstrap.servers) is unreachable")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(relay.log())
                .contains("Kafka broker at " + nowhere + " (kafka.bootstrap.servers) is unreachable").contains("retrying in"));
        assertThat(relay.isAlive()).isTrue();
        assertThat(relay.log()).doesNotContain("\tat ");
    }

    @Test
    void anOffsetTopicThatIsNotCompactedStopsTheRelayNamingTopicAndFix(@TempDir Path logs) throws Exception {
        String topic = "failures.offsets-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        relay = start(logs,
                Map.of("SLUICE_DELIVERY", "at-least-once", "SLUICE_SOURCE_OFFSET_STORE", "kafka", "SLUICE_SOURCE_OFFSET_TOPIC", topic));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(relay.log())
                .contains("Sluice relay cannot start: The topic of the relay's source positions, " + topic
                        + " (sluice.source.offset-topic), has cleanup.policy=delete")
                .contains("--add-config cleanup.policy=compact")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingOffsetTopicIsCreatedCompacted(@TempDir Path logs) throws Exception {
        String topic = "failures.offsets-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        relay = start(logs,
                Map.of("SLUICE_DELIVERY", "at-least-once", "SLUICE_SOURCE_OFFSET_STORE", "kafka", "SLUICE_SOURCE_OFFSET_TOPIC", topic,
                        "SLUICE_SOURCE_SLOT_NAME", "failures_created"));
        relay.awaitReady(Duration.ofSeconds(90));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrap()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void aPositionsTopicThatIsNotCompactedStopsTheExactlyOnceRelayNamingTopicAndFix(@TempDir Path logs) throws Exception {
        String topic = "failures.positions-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        relay = start(logs, Map.of("SLUICE_SOURCE_POSITIONS_TOPIC", topic));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(relay.log())
                .contains("Sluice relay cannot start: The topic of the relay's source positions, " + topic
                        + " (sluice.source.positions-topic), has cleanup.policy=delete")
                .contains("--add-config cleanup.policy=compact")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingPositionsTopicIsCreatedCompacted(@TempDir Path logs) throws Exception {
        String topic = "failures.positions-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        relay = start(logs, Map.of("SLUICE_SOURCE_POSITIONS_TOPIC", topic, "SLUICE_SOURCE_SLOT_NAME", "failures_positions"));
        relay.awaitReady(Duration.ofSeconds(90));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrap()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void exactlyOnceWithoutTransactionsStopsTheRelayNamingBothKeys(@TempDir Path logs) {
        relay = start(logs, Map.of("SLUICE_PUBLISH_TRANSACTIONS", "false"));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(relay.log()).contains("Sluice relay cannot start: sluice.delivery=exactly-once needs Kafka transactions, but"
                + " sluice.publish.transactions=false").doesNotContain("\tat ");
    }

    @Test
    void aLeaseShorterThanThreeRenewalsStopsTheRelayNamingBothKeys(@TempDir Path logs) {
        relay = start(logs, Map.of("SLUICE_HA_LEASE_TIMEOUT", "2s", "SLUICE_HA_POLL_INTERVAL", "1s"));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(relay.log()).contains("Sluice relay cannot start: sluice.ha.lease-timeout=PT2S is shorter than three renewals"
                + " (sluice.ha.poll-interval=PT1S)").doesNotContain("\tat ");
    }

    @Test
    void aBrokenMappingFileStopsTheRelayNamingFileAndKey(@TempDir Path logs) throws IOException {
        Path mappings = Files.createDirectories(logs.resolve("mappings"));
        Files.writeString(mappings.resolve("orders.yaml"), """
                table: OMS.ORDHDR
                aggregate: orders
                key: [ORD_NO]
                fields:
                  status: { column: ORD_STS, convert: enum }
                events:
                  - { type: OrderPlaced, on: insert }
                """);
        relay = start(logs, Map.of("SLUICE_MAPPING_DIR", mappings.toString()));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(relay.log())
                .contains("Sluice relay cannot start: orders.yaml: fields.status.convert: unknown conversion 'enum'; use one of")
                .doesNotContain("\tat ");
    }

    @Test
    void aMappingThatDoesNotFitTheLiveTableStopsTheRelayNamingFileTableAndColumn(@TempDir Path logs) throws IOException {
        Path mappings = Files.createDirectories(logs.resolve("mappings"));
        Files.writeString(mappings.resolve("orders.yaml"), """
                table: OMS.ORDHDR
                aggregate: orders
                key: [ORD_NO]
                fields:
                  orderDate: { column: ORDER_DATE, convert: date }
                events:
                  - { type: OrderPlaced, on: insert }
                """);
        relay = start(logs, Map.of("SLUICE_MAPPING_DIR", mappings.toString()));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(relay.log())
                .contains(
                        "Sluice relay cannot start: The mappings do not fit the source tables: orders.yaml: table OMS.ORDHDR has no column ORDER_DATE")
                .contains("ORD_DT")
                .doesNotContain("\tat ");
    }

    private AppProcess start(Path logs, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl("oms_failures"));
        env.put("QUARKUS_DATASOURCE_USERNAME", INFRA.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", INFRA.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "failures");
        env.putAll(overrides);
        return AppProcess.of("relay", RELAY_JAR, env, logs.resolve("relay.log"), Ports.free()).start();
    }
}
