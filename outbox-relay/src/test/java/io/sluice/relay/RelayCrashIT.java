package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.OutboxLoad;
import io.sluice.testkit.process.AppProcess;

/**
 * {@code kill -9} of the packaged relay in the middle of a stream of thousands of outbox events, then a
 * restart: nothing is lost, per-aggregate order holds, and the replayed duplicates stay within what the
 * position flush interval allows.
 */
class RelayCrashIT {

    private static final int EVENTS = 10_000;
    private static final int PER_TRANSACTION = 10;
    private static final long TRANSACTION_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(8); // ~1250 events/s
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_BATCH = 512;

    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();
    private AppProcess relay;
    private String database;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @ParameterizedTest(name = "positions stored in {0}")
    @ValueSource(strings = {"jdbc", "kafka"})
    void killingTheRelayMidStreamLosesNothing(String offsetStore, @TempDir Path logs) throws Exception {
        database = "oms_crash_" + offsetStore;
        infra.createDatabase(database);
        LegacyOms.migrate(infra.jdbcUrl(database), infra.user(), infra.password());
        String aggregateType = "crash" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "crash_" + offsetStore);
        env.put("SLUICE_SOURCE_OFFSET_STORE", offsetStore);
        env.put("SLUICE_SOURCE_OFFSET_TOPIC", "sluice.offsets." + aggregateType);
        env.put("SLUICE_SOURCE_OFFSET_FLUSH_INTERVAL", FLUSH_INTERVAL.toMillis() + "ms");
        env.put("SLUICE_SOURCE_MAX_BATCH_SIZE", Integer.toString(MAX_BATCH));
        relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, logs.resolve("relay.log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(90));

        OutboxLoad load = new OutboxLoad(infra.jdbcUrl(database), infra.user(), infra.password(), aggregateType, EVENTS, PER_TRANSACTION,
                TRANSACTION_PERIOD_NANOS);
        long started = System.nanoTime();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(load);
        try (RecordCollector topic = new RecordCollector(infra.kafkaBootstrap(), aggregateType + ".events")) {
            // killed at half-way: a relay that never recorded its position would replay ~5000 events, far above the bound
            await().atMost(Duration.ofSeconds(60)).until(() -> topic.poll().size() >= EVENTS / 2);
            relay.kill();
            int beforeKill = topic.poll().size();
            relay.start().awaitReady(Duration.ofSeconds(90));
            writer.get(120, TimeUnit.SECONDS);
            double writeRate = EVENTS / ((System.nanoTime() - started) / 1e9);

            Set<String> sent = load.committed();
            await().atMost(Duration.ofSeconds(120)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(sent));
            List<ConsumerRecord<String, String>> received = topic.poll();
            int duplicates = received.size() - OutboxLoad.ids(received).size();
            // what was published after the last recorded position: one flush interval, plus the time a flush takes
            // (measured up to ~1.4 s with positions in the source database), plus the batch in flight
            long bound = Math.round(writeRate * (FLUSH_INTERVAL.toMillis() / 1000.0 + 2)) + MAX_BATCH;
            System.out.printf("[" + offsetStore + " positions] kill -9 after %d events on Kafka: %d events sent (%.0f/s), %d records on Kafka, 0 lost, "
                    + "%d duplicates (bound %d)%n", beforeKill, EVENTS, writeRate, received.size(), duplicates, bound);

            assertThat(OutboxLoad.ids(received)).containsAll(sent);
            assertThat(duplicates).isLessThanOrEqualTo((int) bound);
            assertThat(OutboxLoad.orderViolations(received)).as("per-aggregate order").isEmpty();
        }
    }

}
