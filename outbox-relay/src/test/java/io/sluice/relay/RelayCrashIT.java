package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.OutboxLoad;
import io.sluice.testkit.process.AppProcess;

/**
 * {@code kill -9} of the packaged relay, again and again, in the middle of a stream of outbox events (several per
 * transaction, several aggregates and topics, over 2,000 per second), each time restarted: nothing is lost and
 * per-aggregate order holds. With exactly-once delivery a {@code read_committed} reader sees no duplicate; with
 * at-least-once the replayed duplicates stay within what the position flush interval allows.
 */
class RelayCrashIT {

    private static final int KILLS = 5;
    private static final int PER_TRANSACTION = 10;
    private static final long TRANSACTION_PERIOD_NANOS = TimeUnit.MICROSECONDS.toNanos(4000); // 2,500 events/s
    /*
     * 40 s of load: on an idle 2-core machine the five kills (a restart takes 3-5 s) happen while it runs; on a slower one the
     * later kills fall into the relay's backlog, still mid-stream. Bounded, so that a slow machine does not pile up more than
     * it can drain within the test.
     */
    private static final int MAX_EVENTS = 100_000;
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_BATCH = 512;

    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void exactlyOnceKillingTheRelayAgainAndAgainUnderLoadLosesAndDuplicatesNothing(@TempDir Path logs) throws Exception {
        killAgainAndAgainUnderLoad("exactly-once", "jdbc", logs);
    }

    @ParameterizedTest(name = "positions in {0}")
    @ValueSource(strings = {"jdbc", "kafka"})
    void atLeastOnceKillingTheRelayAgainAndAgainUnderLoadLosesNothing(String offsetStore, @TempDir Path logs) throws Exception {
        killAgainAndAgainUnderLoad("at-least-once", offsetStore, logs);
    }

    private void killAgainAndAgainUnderLoad(String delivery, String offsetStore, Path logs) throws Exception {
        String database = "oms_crash_" + delivery.replace('-', '_') + "_" + offsetStore;
        String prefix = "crash" + UUID.randomUUID().toString().substring(0, 6);
        List<String> aggregateTypes = List.of(prefix + "a", prefix + "b", prefix + "c");
        createSource(database);
        relay = relay(database, delivery, offsetStore, prefix, logs).start().awaitReady(Duration.ofSeconds(90));

        OutboxLoad load = new OutboxLoad(infra.jdbcUrl(database), infra.user(), infra.password(), aggregateTypes, MAX_EVENTS,
                PER_TRANSACTION, TRANSACTION_PERIOD_NANOS);
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong writerDone = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(load).thenRun(() -> writerDone.set(System.nanoTime()));
        try (RecordCollector topics = new RecordCollector(infra.kafkaBootstrap(),
                aggregateTypes.stream().map(type -> type + ".events").toArray(String[]::new))) {
            List<Integer> killedAt = new ArrayList<>();
            for (int kill = 0; kill < KILLS; kill++) {
                int before = topics.poll().size();
                // killed while it publishes: at least 1,000 events after each restart
                await().atMost(Duration.ofSeconds(90)).until(() -> topics.poll().size() >= before + 1_000);
                relay.kill();
                killedAt.add(topics.poll().size());
                relay.start().awaitReady(Duration.ofSeconds(90));
            }
            load.stop();
            writer.get(60, TimeUnit.SECONDS);
            Set<String> sent = load.committed();
            double writeRate = sent.size() / ((writerDone.get() - started) / 1e9); // while the writer ran

            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> OutboxLoad.ids(topics.poll()).containsAll(sent));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                Set<String> missing = new java.util.HashSet<>(sent);
                missing.removeAll(OutboxLoad.ids(topics.poll()));
                throw new AssertionError(missing.size() + " of " + sent.size() + " committed events not on Kafka after 3 minutes ("
                        + topics.poll().size() + " records received; kills at " + killedAt + ")", e);
            }
            List<ConsumerRecord<String, String>> received = topics.poll();
            int duplicates = received.size() - OutboxLoad.ids(received).size();
            // at-least-once: what was published after the last recorded position, per kill: one flush interval, plus the
            // time a flush takes (measured up to ~1.4 s with positions in the source database), plus the batch in flight
            long bound = KILLS * (Math.round(writeRate * (FLUSH_INTERVAL.toMillis() / 1000.0 + 2)) + MAX_BATCH);
            System.out.printf("[%s, %s positions] %d kill -9s (at %s records on Kafka): %d events committed at %.0f/s over %d topics,"
                    + " %d records on Kafka, 0 lost, %d duplicates%s%n", delivery, offsetStore, KILLS, killedAt, sent.size(), writeRate,
                    aggregateTypes.size(), received.size(), duplicates, delivery.equals("exactly-once") ? "" : " (bound " + bound + ")");

            assertThat(OutboxLoad.ids(received)).containsAll(sent);
            assertThat(OutboxLoad.orderViolations(received)).as("per-aggregate order").isEmpty();
            assertThat(writeRate).as("events per second written while the relay was killed").isGreaterThan(2_000);
            if (delivery.equals("exactly-once")) {
                assertThat(duplicates).as("duplicates seen by a read_committed reader").isZero();
            } else {
                assertThat(duplicates).isLessThanOrEqualTo((int) bound);
            }
        }
    }

    /** Moving from at-least-once (positions in the source database) to exactly-once keeps the position: no re-snapshot, nothing replayed. */
    @Test
    void movingFromAtLeastOnceToExactlyOnceKeepsThePosition(@TempDir Path logs) throws Exception {
        String database = "oms_crash_migration";
        String prefix = "migrate" + UUID.randomUUID().toString().substring(0, 6);
        createSource(database);
        relay = relay(database, "at-least-once", "jdbc", prefix, logs).start().awaitReady(Duration.ofSeconds(90));
        OutboxLoad first = new OutboxLoad(infra.jdbcUrl(database), infra.user(), infra.password(), prefix, 2_000, PER_TRANSACTION,
                TRANSACTION_PERIOD_NANOS);
        try (RecordCollector topic = new RecordCollector(infra.kafkaBootstrap(), prefix + ".events")) {
            first.run();
            await().atMost(Duration.ofSeconds(60)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(first.committed()));
            relay.stop(); // the at-least-once store records the last position on the way out

            relay = relay(database, "exactly-once", "jdbc", prefix, logs).start().awaitReady(Duration.ofSeconds(90));
            OutboxLoad second = new OutboxLoad(infra.jdbcUrl(database), infra.user(), infra.password(), prefix, 2_000, PER_TRANSACTION,
                    TRANSACTION_PERIOD_NANOS);
            second.run();
            await().atMost(Duration.ofSeconds(60)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(second.committed()));

            List<ConsumerRecord<String, String>> received = topic.poll();
            assertThat(received).as("4,000 events once each: no re-snapshot, nothing replayed").hasSize(4_000);
            assertThat(relay.log()).contains("taking over the position of the at-least-once store");
        }
    }

    private void createSource(String database) {
        infra.createDatabase(database);
        LegacyOms.migrate(infra.jdbcUrl(database), infra.user(), infra.password());
    }

    private AppProcess relay(String database, String delivery, String offsetStore, String prefix, Path logs) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", database);
        env.put("SLUICE_DELIVERY", delivery);
        env.put("SLUICE_SOURCE_OFFSET_STORE", offsetStore);
        env.put("SLUICE_SOURCE_OFFSET_TOPIC", "sluice.offsets." + prefix);
        env.put("SLUICE_SOURCE_POSITIONS_TOPIC", "sluice.positions." + prefix);
        env.put("SLUICE_SOURCE_OFFSET_FLUSH_INTERVAL", FLUSH_INTERVAL.toMillis() + "ms");
        env.put("SLUICE_SOURCE_MAX_BATCH_SIZE", Integer.toString(MAX_BATCH));
        return AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env,
                logs.resolve("relay-" + delivery + "-" + UUID.randomUUID().toString().substring(0, 4) + ".log"), Ports.free());
    }
}
