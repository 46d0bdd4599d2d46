package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;

import io.sluice.testkit.SourceServer;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.OutboxLoad;
import io.sluice.testkit.process.AppProcess;

/**
 * {@code kill -9} of the packaged relay in the middle of a stream of outbox events (several per transaction, several
 * aggregates and topics), each time restarted, against a source of either family: nothing is lost and per-aggregate
 * order holds; with exactly-once delivery a {@code read_committed} reader sees no duplicate, with at-least-once the
 * replayed duplicates stay within what the position flush interval allows. {@code RelayCrashIT} runs it on PostgreSQL,
 * {@code MariaDbRelayCrashIT} on MariaDB.
 */
public final class RelayKillScenario {

    /**
     * The load and the kills.
     *
     * @param kills how many times the relay is killed, each time after at least 1,000 events since its (re)start
     * @param maxEvents the most events written (bounded, so that a slow machine does not pile up more than it can drain)
     * @param transactionPeriod one transaction of {@code perTransaction} events every this long
     * @param minWriteRate events per second the writer must reach while the relay is killed (else the test proves little)
     */
    public record Load(int kills, int maxEvents, int perTransaction, Duration transactionPeriod, int minWriteRate) {
    }

    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Generous: on a loaded 2-core machine a packaged relay has taken over 90 s to be ready. */
    private static final Duration READY = Duration.ofSeconds(180);
    private static final int MAX_BATCH = 512;

    private final SourceServer source;
    private final String database;
    private final String slotName;
    private final String kafkaBootstrap;

    /**
     * @param database the relay's database (its datasource URL), where the legacy OMS schema is migrated; on MariaDB the
     *            OMS tables live in database {@code OMS} whatever this is
     * @param slotName the capture stream's name ({@code sluice.source.slot-name}), unique per test
     */
    public RelayKillScenario(SourceServer source, String database, String slotName, String kafkaBootstrap) {
        this.source = source;
        this.database = database;
        this.slotName = slotName;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /** Creates the relay's database with the legacy OMS schema (and, at the relay's first start, Sluice's objects). */
    public RelayKillScenario createSource() {
        source.createDatabase(database);
        LegacyOms.migrate(source.jdbcUrl(database), source.user(), source.password());
        return this;
    }

    /**
     * Runs the load, kills the relay {@code load.kills()} times while it publishes, and checks what a
     * {@code read_committed} reader of the topics received.
     */
    public void killAgainAndAgainUnderLoad(Load load, String delivery, String offsetStore, Path logs) throws Exception {
        String prefix = "crash" + UUID.randomUUID().toString().substring(0, 6);
        List<String> aggregateTypes = List.of(prefix + "a", prefix + "b", prefix + "c");
        AppProcess relay = relay(delivery, offsetStore, prefix, logs).start().awaitReady(READY);
        try {
            OutboxLoad writes = new OutboxLoad(source.jdbcUrl(database), source.user(), source.password(), aggregateTypes,
                    load.maxEvents(), load.perTransaction(), load.transactionPeriod().toNanos());
            long started = System.nanoTime();
            AtomicLong writerDone = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(writes).thenRun(() -> writerDone.set(System.nanoTime()));
            try (RecordCollector topics = new RecordCollector(kafkaBootstrap,
                    aggregateTypes.stream().map(type -> type + ".events").toArray(String[]::new))) {
                List<Integer> killedAt = new ArrayList<>();
                for (int kill = 0; kill < load.kills(); kill++) {
                    int before = topics.poll().size();
                    // killed while it publishes: at least 1,000 events after each restart
                    await().atMost(Duration.ofSeconds(90)).until(() -> topics.poll().size() >= before + 1_000);
                    relay.kill();
                    killedAt.add(topics.poll().size());
                    relay.start().awaitReady(READY);
                }
                writes.stop();
                writer.get(60, TimeUnit.SECONDS);
                Set<String> sent = writes.committed();
                double writeRate = sent.size() / ((writerDone.get() - started) / 1e9); // while the writer ran

                try {
                    await().atMost(Duration.ofSeconds(180)).until(() -> OutboxLoad.ids(topics.poll()).containsAll(sent));
                } catch (ConditionTimeoutException e) {
                    Set<String> missing = new HashSet<>(sent);
                    missing.removeAll(OutboxLoad.ids(topics.poll()));
                    throw new AssertionError(missing.size() + " of " + sent.size() + " committed events not on Kafka after 3 minutes ("
                            + topics.poll().size() + " records received; kills at " + killedAt + ")", e);
                }
                List<ConsumerRecord<String, String>> received = topics.poll();
                int duplicates = received.size() - OutboxLoad.ids(received).size();
                // at-least-once: what was published after the last recorded position, per kill: one flush interval, plus the
                // time a flush takes (measured up to ~1.4 s with positions in the source database), plus the batch in flight
                long bound = load.kills() * (Math.round(writeRate * (FLUSH_INTERVAL.toMillis() / 1000.0 + 2)) + MAX_BATCH);
                System.out.printf("[%s, %s, %s positions] %d kill -9s (at %s records on Kafka): %d events committed at %.0f/s over %d"
                        + " topics, %d records on Kafka, 0 lost, %d duplicates%s%n", family(), delivery, offsetStore, load.kills(),
                        killedAt, sent.size(), writeRate, aggregateTypes.size(), received.size(), duplicates,
                        delivery.equals("exactly-once") ? "" : " (bound " + bound + ")");

                assertThat(OutboxLoad.ids(received)).containsAll(sent);
                assertThat(OutboxLoad.orderViolations(received)).as("per-aggregate order").isEmpty();
                assertThat(writeRate).as("events per second written while the relay was killed").isGreaterThan(load.minWriteRate());
                if (delivery.equals("exactly-once")) {
                    assertThat(duplicates).as("duplicates seen by a read_committed reader").isZero();
                } else {
                    assertThat(duplicates).isLessThanOrEqualTo((int) bound);
                }
            }
        } finally {
            relay.kill();
        }
    }

    /** The packaged relay on this source, not started; its topics' aggregate types start with {@code prefix}. */
    public AppProcess relay(String delivery, String offsetStore, String prefix, Path logs) {
        Map<String, String> env = PackagedRelay.environment(source.jdbcUrl(database), source.user(), source.password(), kafkaBootstrap,
                PackagedRelay.demoMappings(), slotName);
        env.put("SLUICE_DELIVERY", delivery);
        env.put("SLUICE_SOURCE_OFFSET_STORE", offsetStore);
        env.put("SLUICE_SOURCE_OFFSET_TOPIC", "sluice.offsets." + prefix);
        env.put("SLUICE_SOURCE_POSITIONS_TOPIC", "sluice.positions." + prefix);
        env.put("SLUICE_SOURCE_OFFSET_FLUSH_INTERVAL", FLUSH_INTERVAL.toMillis() + "ms");
        env.put("SLUICE_SOURCE_MAX_BATCH_SIZE", Integer.toString(MAX_BATCH));
        return PackagedRelay.of(env, logs.resolve("relay-" + delivery + "-" + UUID.randomUUID().toString().substring(0, 4) + ".log"));
    }

    private String family() {
        return LegacyOms.isMariaDb(source.jdbcUrl(database)) ? "MariaDB" : "PostgreSQL";
    }
}
