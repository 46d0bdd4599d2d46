package io.sluice.relay.mariadb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.relay.RelayKillScenario;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;

/**
 * {@code RelayCrashIT}'s scenario on MariaDB, shorter: the packaged relay, reading the binlog with exactly-once delivery
 * (the default), is killed twice with {@code kill -9} while 2,000 outbox events a second are written; a
 * {@code read_committed} reader sees every committed event once, in order per aggregate.
 */
class MariaDbRelayCrashIT {

    // 12,000 events at 2,000/s: the first kill falls into the load, the second into the load or the backlog after it
    private static final RelayKillScenario.Load LOAD = new RelayKillScenario.Load(2, 12_000, 10, Duration.ofMillis(5), 1_500);

    @Test
    void exactlyOnceKillingTheRelayUnderLoadLosesAndDuplicatesNothing(@TempDir Path logs) throws Exception {
        new RelayKillScenario(MariaDbSource.shared(), LegacyOmsMariaDbResource.DATABASE, "crash_" + UUID.randomUUID().toString()
                .substring(0, 6), SluiceInfrastructure.shared().kafkaBootstrap()).createSource()
                .killAgainAndAgainUnderLoad(LOAD, "exactly-once", "jdbc", logs);
    }
}
