package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.restassured.path.json.JsonPath;
import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SourceServer;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.OutboxLoad;
import io.sluice.testkit.process.AppProcess;

/**
 * Two packaged relays on one source and slot: one streams, the other stands by. Killing the leader under
 * load hands the stream to the standby within 15 s with nothing lost; a frozen leader is fenced (its lock session and
 * its stream reader ended: the slot's walsender on PostgreSQL, its {@code Binlog Dump} thread on MariaDB) and, when it
 * wakes up, publishes nothing. Run on PostgreSQL (advisory lock, {@code pg_terminate_backend}) and on MariaDB
 * ({@code GET_LOCK}, {@code KILL CONNECTION}).
 */
class FailoverIT {

    private static final Path RELAY_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final int PER_TRANSACTION = 10;
    private static final long TRANSACTION_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10); // ~1000 events/s
    private static final Duration TAKEOVER_BUDGET = Duration.ofSeconds(15);
    private static final String ADMIN_TOKEN = "failover-" + UUID.randomUUID();

    private final String kafka = SluiceInfrastructure.shared().kafkaBootstrap();
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

    @ParameterizedTest
    @EnumSource(SourceFamilies.class)
    void theStandbyTakesOverFromAKilledLeaderWithinFifteenSecondsAndNothingIsLost(SourceFamilies family,
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path logs) throws Exception {
        int events = 12_000;
        String aggregateType = "failover" + UUID.randomUUID().toString().substring(0, 6);
        Stream stream = new Stream(family, "oms_failover_kill");
        Map<String, String> env = relayEnvironment(stream, Map.of());
        first = relay("a", env, logs).start().awaitReady(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(first).equals("STREAMING"));
        second = relay("b", env, logs).start().awaitReady(Duration.ofSeconds(90)); // a standby is ready
        assertThat(capture(second).getString("state")).isEqualTo("STANDBY");
        assertThat(capture(second).getString("leader")).isEqualTo("sluice-relay a");
        // each instance lists both, with their roles, and itself
        for (AppProcess relay : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> roles(relay),
                    r -> r.equals(List.of("sluice-relay a=leader", "sluice-relay b=standby")));
        }
        assertThat(admin(second).getString("instances.find { it.self }.name")).isEqualTo("sluice-relay b");
        // operations only the leader can carry out are refused by the standby, which names the leader
        for (String operation : List.of("/sluice/admin/pause", "/sluice/admin/snapshots", "/sluice/admin/dead-letters/replay")) {
            given().baseUri(second.baseUrl()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                    .body(operation.endsWith("snapshots") ? "{\"tables\":[\"OMS.CUSTMST\"]}" : "").when().post(operation)
                    .then().statusCode(409).body(containsString("stands by")).body(containsString("sluice-relay a"));
        }

        OutboxLoad load = stream.load(aggregateType, events);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(load);
        try (RecordCollector topic = new RecordCollector(kafka, aggregateType + ".events")) {
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
            System.out.printf(
                    "[failover, %s] leader killed after %d of %d events: standby streaming after %d ms, first event published by it"
                            + " %d ms after the kill; %d records on Kafka, 0 lost, %d duplicates%n",
                    family, atKill, events, takeover.toMillis(),
                    firstEventAfterKill.toMillis(), received.size(), received.size() - OutboxLoad.ids(received).size());
            assertThat(OutboxLoad.ids(received)).containsAll(sent);
            assertThat(received.size() - OutboxLoad.ids(received).size()).as("duplicates (exactly-once delivery)").isZero();
            assertThat(OutboxLoad.orderViolations(received)).as("per-aggregate order").isEmpty();
            assertThat(takeover).isLessThan(TAKEOVER_BUDGET);
            assertThat(capture(second).getString("leader")).isEqualTo("sluice-relay b");
            // the killed leader's row is no longer renewed: gone once the lease timeout has passed
            await().atMost(Duration.ofSeconds(30)).until(() -> roles(second),
                    r -> r.equals(List.of("sluice-relay b=leader", "sluice-relay a=gone")));
        }
    }

    @ParameterizedTest
    @EnumSource(SourceFamilies.class)
    void aFrozenLeaderIsFencedAndPublishesNothingWhenItWakesUp(SourceFamilies family, @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path logs)
            throws Exception {
        int events = 6_000;
        String aggregateType = "fencing" + UUID.randomUUID().toString().substring(0, 6);
        Stream stream = new Stream(family, "oms_failover_freeze");
        Map<String, String> env = relayEnvironment(stream, Map.of("SLUICE_HA_POLL_INTERVAL", "500ms", "SLUICE_HA_LEASE_TIMEOUT", "3s"));
        Set<Long> readersBefore = stream.readers();
        first = relay("a", env, logs).start().awaitReady(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(first).equals("STREAMING"));
        // the leader's stream reader: the session that appeared when it started streaming
        long leaderReader = await().atMost(Duration.ofSeconds(30))
                .until(() -> newReader(stream, readersBefore), Optional::isPresent)
                .orElseThrow();
        second = relay("b", env, logs).start().awaitReady(Duration.ofSeconds(90));
        for (AppProcess relay : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> roles(relay),
                    r -> r.equals(List.of("sluice-relay a=leader", "sluice-relay b=standby")));
        }

        OutboxLoad load = stream.load(aggregateType, events);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(load);
        try (RecordCollector topic = new RecordCollector(kafka, aggregateType + ".events")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> topic.poll().size() >= events / 3);
            assertThat(stream.readers()).as("stream readers while the leader streams").contains(leaderReader);
            first.freeze(); // holds its database sessions, its slot and its open Kafka transaction, and answers nothing
            long frozenAt = System.nanoTime();
            await().atMost(TAKEOVER_BUDGET).pollInterval(Duration.ofMillis(100)).until(() -> state(second).equals("STREAMING"));
            Duration takeover = Duration.ofNanos(System.nanoTime() - frozenAt);
            // fenced: the frozen leader's stream reader is gone from the source (it was ended, not left to time out)
            // (a terminated session exits asynchronously: a few seconds at most, far less than a reader's timeout)
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stream.isSessionAlive(leaderReader))
                    .as("the frozen leader's %s (session %d) alive once the standby streams", family.streamReaderName(), leaderReader)
                    .isFalse());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stream.readers())
                    .as("the new leader's %s", family.streamReaderName()).isNotEmpty().doesNotContain(leaderReader));
            writer.get(120, TimeUnit.SECONDS);
            Set<String> sent = load.committed();
            await().atMost(Duration.ofSeconds(120)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(sent));
            int beforeThaw = topic.poll().size();

            List<List<Long>> positionsBeforeThaw = committedPositions(stream);
            first.thaw(); // it still has read changes in hand that it never published, and the position after them
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> state(first).equals("STANDBY"));
            // whatever the former leader tried to send after it woke up is fenced: nothing more becomes visible
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(topic.poll())
                    .as("records on Kafka once the former leader woke up (fenced, it must add none)").hasSize(beforeThaw));
            // nor a position: one it committed now would be older than the new leader's, and the positions would go back
            List<List<Long>> positions = committedPositions(stream);
            assertThat(positions.subList(0, Math.min(positions.size(), positionsBeforeThaw.size())))
                    .as("positions committed before the former leader woke up").isEqualTo(positionsBeforeThaw);
            assertThat(positions).as("committed source positions (%s), in topic order", family.positionFields())
                    .isSortedAccordingTo(FailoverIT::comparePositions);
            assertThat(positions.size()).as("positions committed by the new leader").isGreaterThan(0);

            List<ConsumerRecord<String, String>> received = topic.poll();
            System.out.printf("[fencing, %s] leader frozen: standby streaming after %d ms (lease 3 s), the frozen leader's %s ended;"
                    + " %d records on Kafka for %d events, 0 lost, %d duplicates, none after the former leader woke up%n", family,
                    takeover.toMillis(), family.streamReaderName(), received.size(), events,
                    received.size() - OutboxLoad.ids(received).size());
            assertThat(OutboxLoad.ids(received)).containsAll(sent);
            assertThat(received.size() - OutboxLoad.ids(received).size()).as("duplicates (exactly-once delivery)").isZero();
            assertThat(OutboxLoad.orderViolations(received)).as("per-aggregate order").isEmpty();
            assertThat(capture(first).getString("leader")).isEqualTo("sluice-relay b");
            // the roles swapped, on both instances' lists
            for (AppProcess relay : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> roles(relay),
                        r -> r.equals(List.of("sluice-relay b=leader", "sluice-relay a=standby")));
            }
            assertThat(admin(first).getString("instances.find { it.self }.name")).isEqualTo("sluice-relay a");
            assertThat(first.log()).contains("standing by");
            assertThat(second.log()).contains("fencing it");
        }
    }

    /**
     * The capture stream of a test: on PostgreSQL a database of its own, and the slot named after it; on MariaDB the shared
     * OMS database and a slot name of its own (positions, leader lock and schema history are keyed by it).
     */
    private record Stream(SourceFamilies family, SourceServer source, String database, String slotName) {

        Stream(SourceFamilies family, String name) {
            this(family, family.server(), family.legacyDatabase(name), family == SourceFamilies.POSTGRESQL ? name : name + "_mariadb");
        }

        String jdbcUrl() {
            return source.jdbcUrl(database);
        }

        OutboxLoad load(String aggregateType, int events) {
            return new OutboxLoad(jdbcUrl(), source.user(), source.password(), aggregateType, events, PER_TRANSACTION,
                    TRANSACTION_PERIOD_NANOS);
        }

        /** The source sessions reading the stream now: the slot's walsender, or the server's binlog dump threads. */
        Set<Long> readers() throws SQLException {
            try (Connection db = DriverManager.getConnection(jdbcUrl(), source.user(), source.password())) {
                return family.streamReaders(db, slotName);
            }
        }

        boolean isSessionAlive(long session) throws SQLException {
            try (Connection db = DriverManager.getConnection(jdbcUrl(), source.user(), source.password())) {
                return family.isSessionAlive(db, session);
            }
        }
    }

    /** The one stream reader that is not among {@code before}, if exactly one is. */
    private static Optional<Long> newReader(Stream stream, Set<Long> before) throws SQLException {
        Set<Long> now = new HashSet<>(stream.readers());
        now.removeAll(before);
        return now.size() == 1 ? now.stream().findFirst() : Optional.empty();
    }

    private Map<String, String> relayEnvironment(Stream stream, Map<String, String> extra) {
        stream.source().createDatabase(stream.database());
        LegacyOms.migrate(stream.jdbcUrl(), stream.source().user(), stream.source().password());
        Map<String, String> env = PackagedRelay.environment(stream.jdbcUrl(), stream.source().user(), stream.source().password(), kafka,
                PackagedRelay.demoMappings(), stream.slotName());
        env.put("SLUICE_SOURCE_MAX_BATCH_SIZE", "512");
        env.put("SLUICE_ADMIN_TOKEN", ADMIN_TOKEN);
        env.putAll(extra);
        return env;
    }

    /**
     * The source positions committed for the stream, in topic order, read_committed: each as the numbers that order it
     * ({@link SourceFamilies#positionFields()}).
     */
    private List<List<Long>> committedPositions(Stream stream) {
        String engine = "sluice-oms/" + stream.database() + "/" + stream.slotName();
        List<List<Long>> positions = new ArrayList<>();
        try (var reader = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(Map.of("bootstrap.servers",
                kafka, "isolation.level", "read_committed", "enable.auto.commit", "false"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition("sluice.positions", 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < end) {
                for (var record : reader.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith("[\"" + engine + "\"") && record.value() != null) {
                        positions.add(stream.family().positionOrder(JsonPath.from(record.value())));
                    }
                }
            }
        }
        return positions;
    }

    private static int comparePositions(List<Long> a, List<Long> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Long.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static AppProcess relay(String name, Map<String, String> env, Path logs) {
        Map<String, String> own = new HashMap<>(env);
        own.put("SLUICE_HA_INSTANCE_NAME", name);
        return AppProcess.of("relay " + name, RELAY_JAR, own, logs.resolve("relay-" + name + ".log"), Ports.free());
    }

    private static String state(AppProcess relay) {
        return capture(relay).getString("state");
    }

    /** {@code <name>=<role>} of each instance on the slot, as {@code relay}'s status lists them (leader first). */
    private static List<String> roles(AppProcess relay) {
        return admin(relay).getList("instances.collect { it.name + '=' + it.role }", String.class);
    }

    private static JsonPath admin(AppProcess relay) {
        return given().baseUri(relay.baseUrl()).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/sluice/admin/status").jsonPath();
    }

    /** The data of the relay's readiness check (200 or 503). */
    private static JsonPath capture(AppProcess relay) {
        return given().baseUri(relay.baseUrl()).get("/q/health/ready").jsonPath()
                .setRootPath("checks.find { it.name == 'sluice-capture' }.data");
    }
}
