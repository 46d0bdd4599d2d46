package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.kafka.RecordCollector;

class SluiceInfrastructureTest {

    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();

    @Test
    void postgresHasLogicalDecodingForPgoutput() throws SQLException {
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(), infra.user(), infra.password())) {
            ResultSet walLevel = connection.createStatement().executeQuery("SHOW wal_level");
            walLevel.next();
            assertThat(walLevel.getString(1)).isEqualTo("logical");
            ResultSet slot = connection.createStatement().executeQuery(
                    "SELECT slot_name FROM pg_create_logical_replication_slot('testkit_probe', 'pgoutput')");
            slot.next();
            assertThat(slot.getString(1)).isEqualTo("testkit_probe");
            connection.createStatement().execute("SELECT pg_drop_replication_slot('testkit_probe')");
        }
    }

    @Test
    void aWrongPasswordIsRejected() {
        assertThatThrownBy(() -> DriverManager.getConnection(infra.jdbcUrl(), infra.user(), "not-the-password"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void databasesCanBeAddedAndKeepTheirDataOverARestart() throws SQLException {
        PostgresCluster postgres = infra.postgres().orElseThrow();
        infra.createDatabase("restart_probe");
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl("restart_probe"), infra.user(), infra.password())) {
            connection.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        }
        postgres.restart();
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl("restart_probe"), infra.user(), infra.password())) {
            ResultSet kept = connection.createStatement().executeQuery("SELECT v FROM kept");
            kept.next();
            assertThat(kept.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void kafkaKeepsRecordsOverABrokerRestart() throws Exception {
        String topic = "probe-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", infra.kafkaBootstrap(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
        infra.kafka().orElseThrow().restart();
        try (RecordCollector collector = new RecordCollector(infra.kafkaBootstrap(), topic)) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(collector.poll()).anySatisfy(r -> assertThat(r.value()).isEqualTo("v")));
        }
    }

    @Test
    void missingPostgresBinariesAreOneClearLine(@TempDir Path empty) {
        assertThatThrownBy(() -> PostgresCluster.create(empty, empty.resolve("data")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("PostgreSQL server binaries (initdb, postgres) not found in " + empty)
                .hasMessageContaining("apt-get install postgresql")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aStoppedClusterLeavesNoServerProcess(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        PostgresCluster cluster = PostgresCluster.create(null, dir.resolve("data")).start();
        long servers = ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("postgres")).count();
        assertThat(servers).isPositive();
        cluster.stop();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("postgres"))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dir.toString())).orElse(false))
                .count()).isZero());
    }
}
