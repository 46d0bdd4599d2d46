package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * JSON logs by configuration, for log shippers: every line one JSON object; the line of a published
 * event names its type, id, table and source position.
 */
class JsonLogsIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final ObjectMapper JSON = new ObjectMapper();
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void everyLogLineIsJsonAndPublishingNamesTableEventAndPosition(@TempDir Path work) throws Exception {
        String database = "oms_json_logs";
        INFRA.createDatabase(database);
        LegacyOms.migrate(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", INFRA.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", INFRA.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "json_logs");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        env.put("QUARKUS_LOG_CATEGORY__IO_SLUICE__LEVEL", "DEBUG");
        env.put("QUARKUS_BANNER_ENABLED", "false");
        relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, work.resolve("relay.log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(90));

        String aggregate = "logged" + UUID.randomUUID().toString().substring(0, 6);
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
                Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (gen_random_uuid(), '"
                    + aggregate + "', 'J-1', 'LineLogged', '{}')");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> relay.log().contains("Publishing LineLogged"));
        List<String> lines = relay.log().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).as(line).isTrue());
        JsonNode published = JSON.readTree(lines.stream().filter(l -> l.contains("Publishing LineLogged")).findFirst().orElseThrow());
        assertThat(published.path("message").asText()).contains(aggregate).contains("sluice.outbox_event").contains("at position ");
        assertThat(published.path("level").asText()).isEqualTo("DEBUG");
    }
}
