package io.sluice.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.sluice.testkit.chaos.ChaosRun;
import io.sluice.testkit.chaos.Verdict;

/**
 * The short chaos run: a minute of steady legacy load through the packaged relay and this service
 * while each fault happens once (relay {@code kill -9}, broker restart, database restart, consumer
 * {@code kill -9}); then every committed legacy change must be on Kafka exactly once for a {@code read_committed}
 * reader (the relay's default exactly-once delivery) and in effect exactly once, in order per order. The long run is
 * {@code scripts/chaos <minutes>}.
 */
class ChaosIT {

    @Test
    void nothingIsLostDoubledOrReorderedUnderFaults() throws Exception {
        ChaosRun.Settings settings = new ChaosRun.Settings(Duration.ofSeconds(60), Duration.ofSeconds(12), 10,
                Path.of(System.getProperty("sluice.relay.jar")), Path.of(System.getProperty("sluice.relay.mappings")),
                Path.of("target", "quarkus-app", "quarkus-run.jar"), Path.of("target", "chaos"));

        Verdict verdict = new ChaosRun(settings, System.out::println).run();
        System.out.println(verdict.report());

        assertThat(verdict.faults()).as("faults injected").hasSize(4);
        assertThat(verdict.committedChanges()).as("committed legacy changes").isGreaterThan(300);
        assertThat(verdict.lost()).as(verdict.report()).isZero();
        assertThat(verdict.duplicatedOnKafka()).as(verdict.report()).isZero();
        assertThat(verdict.doubleEffects()).as(verdict.report()).isZero();
        assertThat(verdict.outOfOrder()).as(verdict.report()).isZero();
    }
}
