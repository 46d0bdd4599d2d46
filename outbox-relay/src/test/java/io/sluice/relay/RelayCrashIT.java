package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.OutboxLoad;
import io.sluice.testkit.process.AppProcess;

/**
 * {@code kill -9} of the packaged relay, again and again, in the middle of a stream of outbox events (several per
 * transaction, several aggregates and topics, over 2,000 per second), each time restarted: nothing is lost and
 * per-aggregate order holds. With exactly-once delivery a {@code read_committed} reader sees no duplicate; with
 * at-least-once the replayed duplicates stay within what the position flush interval allows. The scenario is
 * {@link RelayKillScenario}'s; {@code MariaDbRelayCrashIT} runs it on MariaDB.
 */
class RelayCrashIT {

    private static final int PER_TRANSACTION = 10;
    private static final Duration TRANSACTION_PERIOD = Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(4000)); // 2,500 events/s
    /*
     * 40 s of load: on an idle 2-core machine the five kills (a restart takes 3-5 s) happen while it runs; on a slower one the
     * later kills fall into the relay's backlog, still mid-stream. Bounded, so that a slow machine does not pile up more than
     * it can drain within the test.
     */
    private static final RelayKillScenario.Load LOAD = new RelayKillScenario.Load(5, 100_000, PER_TRANSACTION, TRANSACTION_PERIOD,
            2_000);
    /**
     * At-least-once, twice (positions in the database, in Kafka): three kills each, which is what the mode's guarantee
     * (nothing lost, duplicates bounded) needs; five for exactly-once. A kill-and-restart cycle took up to 150 s in a CI
     * rehearsal (36 min for this class), so fewer cycles keep the whole CI run well within its time.
     */
    private static final RelayKillScenario.Load AT_LEAST_ONCE_LOAD = new RelayKillScenario.Load(3, 100_000, PER_TRANSACTION,
            TRANSACTION_PERIOD, 2_000);

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
        scenario("exactly-once", "jdbc").createSource().killAgainAndAgainUnderLoad(LOAD, "exactly-once", "jdbc", logs);
    }

    @ParameterizedTest(name = "positions in {0}")
    @ValueSource(strings = {"jdbc", "kafka"})
    void atLeastOnceKillingTheRelayAgainAndAgainUnderLoadLosesNothing(String offsetStore, @TempDir Path logs) throws Exception {
        scenario("at-least-once", offsetStore).createSource().killAgainAndAgainUnderLoad(AT_LEAST_ONCE_LOAD, "at-least-once", offsetStore,
                logs);
    }

    /** Moving from at-least-once (positions in the source database) to exactly-once keeps the position: no re-snapshot, nothing replayed. */
    @Test
    void movingFromAtLeastOnceToExactlyOnceKeepsThePosition(@TempDir Path logs) throws Exception {
        String database = "oms_crash_migration";
        String prefix = "migrate" + UUID.randomUUID().toString().substring(0, 6);
        RelayKillScenario source = new RelayKillScenario(infra, database, database, infra.kafkaBootstrap()).createSource();
        relay = source.relay("at-least-once", "jdbc", prefix, logs).start().awaitReady(Duration.ofSeconds(90));
        OutboxLoad first = new OutboxLoad(infra.jdbcUrl(database), infra.user(), infra.password(), prefix, 2_000, PER_TRANSACTION,
                TRANSACTION_PERIOD.toNanos());
        try (RecordCollector topic = new RecordCollector(infra.kafkaBootstrap(), prefix + ".events")) {
            first.run();
            await().atMost(Duration.ofSeconds(60)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(first.committed()));
            relay.stop(); // the at-least-once store records the last position on the way out

            relay = source.relay("exactly-once", "jdbc", prefix, logs).start().awaitReady(Duration.ofSeconds(90));
            OutboxLoad second = new OutboxLoad(infra.jdbcUrl(database), infra.user(), infra.password(), prefix, 2_000, PER_TRANSACTION,
                    TRANSACTION_PERIOD.toNanos());
            second.run();
            await().atMost(Duration.ofSeconds(60)).until(() -> OutboxLoad.ids(topic.poll()).containsAll(second.committed()));

            List<ConsumerRecord<String, String>> received = topic.poll();
            assertThat(received).as("4,000 events once each: no re-snapshot, nothing replayed").hasSize(4_000);
            assertThat(relay.log()).contains("taking over the position of the at-least-once store");
        }
    }

    private RelayKillScenario scenario(String delivery, String offsetStore) {
        String database = "oms_crash_" + delivery.replace('-', '_') + "_" + offsetStore;
        return new RelayKillScenario(infra, database, database, infra.kafkaBootstrap());
    }
}
