package io.sluice.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sluice.testkit.chaos.ChaosRun;
import io.sluice.testkit.chaos.Verdict;

/**
 * The short chaos run: steady legacy load through the packaged relay and this service while each fault happens once
 * (relay {@code kill -9}, broker restart, restart of the legacy database's server, consumer {@code kill -9}); then every
 * committed legacy change must be on Kafka exactly once for a {@code read_committed} reader (the relay's default
 * exactly-once delivery) and in effect exactly once, in order per order. Run with the legacy OMS on PostgreSQL (a minute
 * of load; the restart hits the consumer's database too, which lives on the same server) and on MariaDB (shorter, to keep
 * the build's time: the restart is MariaDB's, order-history's database stays on PostgreSQL). The long run is
 * {@code scripts/chaos <minutes>}.
 */
class ChaosIT {

    @ParameterizedTest
    @EnumSource(ChaosRun.Source.class)
    void nothingIsLostDoubledOrReorderedUnderFaults(ChaosRun.Source source) throws Exception {
        boolean postgres = source == ChaosRun.Source.POSTGRESQL;
        ChaosRun.Settings settings = new ChaosRun.Settings(Duration.ofSeconds(postgres ? 60 : 36), Duration.ofSeconds(postgres ? 12 : 9),
                10, Path.of(System.getProperty("sluice.relay.jar")), Path.of(System.getProperty("sluice.relay.mappings")),
                Path.of("target", "quarkus-app", "quarkus-run.jar"), Path.of("target", "chaos-" + source.name().toLowerCase()));

        long started = System.nanoTime();
        Verdict verdict = new ChaosRun(settings, source, System.out::println).run();
        System.out.printf("[chaos, %s] %d s%n%s%n", source, (System.nanoTime() - started) / 1_000_000_000L, verdict.report());

        assertThat(verdict.faults()).as("faults injected").hasSize(4);
        assertThat(verdict.committedChanges()).as("committed legacy changes").isGreaterThan(300);
        assertThat(verdict.lost()).as(verdict.report()).isZero();
        assertThat(verdict.duplicatedOnKafka()).as(verdict.report()).isZero();
        assertThat(verdict.doubleEffects()).as(verdict.report()).isZero();
        assertThat(verdict.outOfOrder()).as(verdict.report()).isZero();
    }
}
