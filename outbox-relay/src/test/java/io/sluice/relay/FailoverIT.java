package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.OutboxLoad;
import io.sluice.testkit.process.AppProcess;

/**
 * Two packaged relays on one source and slot: one streams, the other stands by. Killing the leader under
 * load hands the stream to the standby within 15 s with nothing lost; a frozen leader is fenced and,
 * when it wakes up, publishes nothing.
 */
class FailoverIT {

    private static final Path RELAY_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final int PER_TRANSACTION = 10;
    private static final long TRANSACTION_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10); // ~1000 events/s
    private static final Duration TAKEOVER_BUDGET = Duration.ofSeconds(15);
    private static final String ADMIN_TOKEN = "failover-" + UUID.randomUUID();

    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();
    private AppProcess first;
    private AppProcess second;

    @AfterEach
    void stopRelays() {
        for (AppProcess relay : new AppProcess[]{first, second}) {
            if (relay != null && relay.isAlive()) {
                relay.kill();
            }
        }
    }

    @Test
    void theStandbyTakesOverFromAKilledLeaderWithinFifteenSecondsAndNothingIsLost(@TempDir Path logs) throws Exception {
        int events = 12_000;
        String aggregateType = "failover" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> env = relayEnvironment("oms_failover_kill", Map.of());
        first = relay("a", env, logs).start().awaitReady(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(first).equals("STREAMING"));
        second = relay("b", env, logs).start().awaitReady(Duration.ofSeconds(90)); // a standby is ready
        assertThat(capture(second).getString("state")).isEqualTo("STANDBY");
        assertThat(capture(second).getString("leader")).isEqualTo("sluice-relay a");
        // operations only the leader can carry out are refused by the standby, which names the leader
        for (String operation : List.of("/sluice/admin/pause", "/sluice/admin/snapshots", "/sluice/admin/dead-letters/replay")) {
            given().baseUri(second.baseUrl()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                    .body(operation.endsWith("snapshots") ? "{\"tables\":[\"OMS.CUSTMST\"]}" : "").when().post(operation)
                    .then().statusCode(409).body(containsString("stands by")).body(containsString("sluice-relay a"));
        }

        OutboxLoad load = new OutboxLoad(infra.jdbcUrl("oms_failover_kill"), infra.user(), infra.password(), aggregateType, events,
                PER_TRANSACTION, TRANSACTION_PERIOD_NANOS);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(load);
        try (RecordCollector topic = new RecordCollector(infra.kafkaBootstrap(), aggregateType + ".events")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> topic.poll().size() >= events / 3);
            first.kill();
            long killedAt = System.nanoTime();
            int atKill = topic.poll().size();
            await().atMost(TAKEOVER_BUDGET).pollInterval(Duration.ofMillis(100)).until(() -> state(second).equals("STREAMING"));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            await().atMost(TAKEOVER_BUDGET).pollInterval(Duration.ofMillis(50)).until(() -> topic.poll().size() > atKill);
            Duration firstEventAfterKill = Duration.ofNanos(System.nanoTime() - killedAt);
            writer.get(120, TimeUnit.SECONDS);

            Set<String> sent = load.committed();
            await().atMost(Duration.ofSeconds(120)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(sent));
            List<ConsumerRecord<String, String>> received = topic.poll();
            System.out.printf("[failover] leader killed after %d of %d events: standby streaming after %d ms, first event published by it"
                    + " %d ms after the kill; %d records on Kafka, 0 lost, %d duplicates%n", atKill, events, takeover.toMillis(),
                    firstEventAfterKill.toMillis(), received.size(), received.size() - OutboxLoad.ids(received).size());
            assertThat(OutboxLoad.ids(received)).containsAll(sent);
            assertThat(received.size() - OutboxLoad.ids(received).size()).as("duplicates (exactly-once delivery)").isZero();
            assertThat(OutboxLoad.orderViolations(received)).as("per-aggregate order").isEmpty();
            assertThat(takeover).isLessThan(TAKEOVER_BUDGET);
            assertThat(capture(second).getString("leader")).isEqualTo("sluice-relay b");
        }
    }

    @Test
    void aFrozenLeaderIsFencedAndPublishesNothingWhenItWakesUp(@TempDir Path logs) throws Exception {
        int events = 6_000;
        String aggregateType = "fencing" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> env = relayEnvironment("oms_failover_freeze",
                Map.of("SLUICE_HA_POLL_INTERVAL", "500ms", "SLUICE_HA_LEASE_TIMEOUT", "3s"));
        first = relay("a", env, logs).start().awaitReady(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(first).equals("STREAMING"));
        second = relay("b", env, logs).start().awaitReady(Duration.ofSeconds(90));

        OutboxLoad load = new OutboxLoad(infra.jdbcUrl("oms_failover_freeze"), infra.user(), infra.password(), aggregateType, events,
                PER_TRANSACTION, TRANSACTION_PERIOD_NANOS);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(load);
        try (RecordCollector topic = new RecordCollector(infra.kafkaBootstrap(), aggregateType + ".events")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> topic.poll().size() >= events / 3);
            first.freeze(); // holds its database sessions, its slot and its open Kafka transaction, and answers nothing
            long frozenAt = System.nanoTime();
            await().atMost(TAKEOVER_BUDGET).pollInterval(Duration.ofMillis(100)).until(() -> state(second).equals("STREAMING"));
            Duration takeover = Duration.ofNanos(System.nanoTime() - frozenAt);
            writer.get(120, TimeUnit.SECONDS);
            Set<String> sent = load.committed();
            await().atMost(Duration.ofSeconds(120)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(sent));
            int beforeThaw = topic.poll().size();

            List<Long> positionsBeforeThaw = committedPositions("oms_failover_freeze");
            first.thaw(); // it still has read changes in hand that it never published, and the position after them
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> state(first).equals("STANDBY"));
            // whatever the former leader tried to send after it woke up is fenced: nothing more becomes visible
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(topic.poll())
                    .as("records on Kafka once the former leader woke up (fenced, it must add none)").hasSize(beforeThaw));
            // nor a position: one it committed now would be older than the new leader's, and the positions would go back
            List<Long> positions = committedPositions("oms_failover_freeze");
            assertThat(positions).as("committed source positions (LSNs), in topic order")
                    .startsWith(positionsBeforeThaw.toArray(Long[]::new))
                    .isSorted();
            assertThat(positions.size()).as("positions committed by the new leader").isGreaterThan(0);

            List<ConsumerRecord<String, String>> received = topic.poll();
            System.out.printf("[fencing] leader frozen: standby streaming after %d ms (lease 3 s); %d records on Kafka for %d events,"
                    + " none after the former leader woke up%n", takeover.toMillis(), received.size(), events);
            assertThat(OutboxLoad.ids(received)).containsAll(sent);
            assertThat(received.size() - OutboxLoad.ids(received).size()).as("duplicates (exactly-once delivery)").isZero();
            assertThat(OutboxLoad.orderViolations(received)).as("per-aggregate order").isEmpty();
            assertThat(capture(first).getString("leader")).isEqualTo("sluice-relay b");
            assertThat(first.log()).contains("standing by");
            assertThat(second.log()).contains("fencing it");
        }
    }

    private Map<String, String> relayEnvironment(String database, Map<String, String> extra) {
        infra.createDatabase(database);
        LegacyOms.migrate(infra.jdbcUrl(database), infra.user(), infra.password());
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", database);
        env.put("SLUICE_SOURCE_MAX_BATCH_SIZE", "512");
        env.put("SLUICE_ADMIN_TOKEN", ADMIN_TOKEN);
        env.putAll(extra);
        return env;
    }

    /** The LSNs of the source positions committed for the database's source (slot named after it), in topic order, read_committed. */
    private List<Long> committedPositions(String database) {
        String engine = "sluice-oms/" + database + "/" + database;
        List<Long> lsns = new java.util.ArrayList<>();
        try (var reader = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(Map.of("bootstrap.servers",
                infra.kafkaBootstrap(), "isolation.level", "read_committed", "enable.auto.commit", "false"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition("sluice.positions", 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < end) {
                for (var record : reader.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith("[\"" + engine + "\"") && record.value() != null) {
                        lsns.add(JsonPath.from(record.value()).getLong("lsn"));
                    }
                }
            }
        }
        return lsns;
    }

    private static AppProcess relay(String name, Map<String, String> env, Path logs) {
        Map<String, String> own = new HashMap<>(env);
        own.put("SLUICE_HA_INSTANCE_NAME", name);
        return AppProcess.of("relay " + name, RELAY_JAR, own, logs.resolve("relay-" + name + ".log"), Ports.free());
    }

    private static String state(AppProcess relay) {
        return capture(relay).getString("state");
    }

    /** The data of the relay's readiness check (200 or 503). */
    private static JsonPath capture(AppProcess relay) {
        return given().baseUri(relay.baseUrl()).get("/q/health/ready").jsonPath()
                .setRootPath("checks.find { it.name == 'sluice-capture' }.data");
    }
}
