package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SourceServer;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * An operator reads WARN as "something is wrong": the packaged relay's healthy first start on a fresh database
 * (migrations, slot, publication, first event to a topic that does not exist yet) logs no WARN or ERROR line, and
 * no health-down line while it starts (issue #13, item 5), on PostgreSQL and on MariaDB.
 */
class HealthyStartIT {

    /** The relay's console format: {@code HH:mm:ss.SSS LEVEL [category] message}. */
    private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\b");
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @ParameterizedTest
    @EnumSource(SourceFamilies.class)
    void aHealthyStartLogsNoWarningNoErrorAndNoHealthDownLine(SourceFamilies family, @TempDir Path work) throws Exception {
        SourceServer source = family.server();
        String kafka = SluiceInfrastructure.shared().kafkaBootstrap();
        String database = family.legacyDatabase("oms_healthy_start");
        source.createDatabase(database);
        LegacyOms.migrate(source.jdbcUrl(database), source.user(), source.password());
        Map<String, String> env = PackagedRelay.environment(source.jdbcUrl(database), source.user(), source.password(), kafka,
                PackagedRelay.demoMappings(), "healthy_start");
        relay = PackagedRelay.of(env, work.resolve("relay.log")).start().awaitReady(Duration.ofSeconds(120));

        // a topic nobody has used yet: the first send meets a topic the broker creates on first use
        String aggregate = "healthy" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = DriverManager.getConnection(source.jdbcUrl(database), source.user(), source.password());
                Statement sql = db.createStatement()) {
            sql.execute(
                    "INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (" + family.newUuid() + ", '"
                            + aggregate + "', 'H-1', 'StartChecked', '{\"ok\": true}')");
        }
        // no reader asks for the topic first: the relay's producer is the first to meet it
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> admin.listTopics().names().get().contains(aggregate + ".events"));
        }
        try (RecordCollector events = new RecordCollector(kafka, aggregate + ".events")) {
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
