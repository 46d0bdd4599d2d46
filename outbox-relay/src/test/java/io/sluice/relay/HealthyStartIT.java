package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * An operator reads WARN as "something is wrong": the packaged relay's healthy first start on a fresh database
 * (migrations, slot, publication, first event to a topic that does not exist yet) logs no WARN or ERROR line, and
 * no health-down line while it starts (issue #13, item 5).
 */
class HealthyStartIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    /** The relay's console format: {@code HH:mm:ss.SSS LEVEL [category] message}. */
    private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\b");
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void aHealthyStartLogsNoWarningNoErrorAndNoHealthDownLine(@TempDir Path work) throws Exception {
        String database = "oms_healthy_start";
        INFRA.createDatabase(database);
        LegacyOms.migrate(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", INFRA.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", INFRA.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "healthy_start");
        relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, work.resolve("relay.log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(120));

        // a topic nobody has used yet: the first send meets a topic the broker creates on first use
        String aggregate = "healthy" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
                Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (gen_random_uuid(), '"
                    + aggregate + "', 'H-1', 'StartChecked', '{\"ok\": true}')");
        }
        // no reader asks for the topic first: the relay's producer is the first to meet it
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrap()))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> admin.listTopics().names().get().contains(aggregate + ".events"));
        }
        try (RecordCollector events = new RecordCollector(INFRA.kafkaBootstrap(), aggregate + ".events")) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(events.poll())
                    .anySatisfy(r -> assertThat(r.key()).isEqualTo("H-1")));
        }

        assertThat(relay.log().lines().filter(line -> WARN_OR_ERROR.matcher(line).find()))
                .as("WARN or ERROR lines of a healthy start; log:%n%s", relay.log())
                .isEmpty();
        assertThat(relay.log()).as("health-down lines while starting").doesNotContain("Reporting health down status");
        assertThat(relay.log()).as("the relay did start and publish").contains("started in");
    }
}
