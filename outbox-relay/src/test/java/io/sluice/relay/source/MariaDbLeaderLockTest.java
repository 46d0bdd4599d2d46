package io.sluice.relay.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.testkit.MariaDbSource;

/** Leadership on MariaDB against the real server: GET_LOCK on a session of its own, the holder seen by name, a silent holder fenced. */
class MariaDbLeaderLockTest {

    private static final MariaDbSource MARIADB = MariaDbSource.shared();
    private final SourceFamily.LeaderLock lock = SourceFamily.of(MARIADB.jdbcUrl()).leaderLock("lock_probe");

    @BeforeAll
    static void sluiceObjects() {
        Flyway.configure().dataSource(MARIADB.jdbcUrl(), MARIADB.user(), MARIADB.password()).schemas("sluice")
                .locations(SourceFamily.of(MARIADB.jdbcUrl()).sluiceMigrations()).load().migrate();
    }

    @Test
    void oneSessionLeadsTheOtherSeesItByNameAndFencesItWhenItFallsSilent() throws Exception {
        try (Connection leader = session("relay-a"); Connection standby = session("relay-b")) {
            assertThat(lock.tryLock(leader, "relay-a")).isTrue();
            assertThat(lock.tryLock(standby, "relay-b")).as("held by relay-a").isFalse();

            SourceFamily.Holder holder = lock.holder(standby).orElseThrow();
            assertThat(holder.instance()).isEqualTo("relay-a");
            assertThat(holder.sessionId()).isEqualTo(connectionId(leader));
            // the leader stops renewing: its idle session grows silent
            await().atMost(Duration.ofSeconds(10)).until(() -> lock.holder(standby).orElseThrow().silentFor().toMillis() >= 1500);
            leader.createStatement().execute("SELECT 1"); // a renewal
            assertThat(lock.holder(standby).orElseThrow().silentFor()).isLessThan(Duration.ofMillis(1500));

            lock.terminate(standby, holder.sessionId()); // fenced: its session ends, and with it the lock
            await().atMost(Duration.ofSeconds(10)).until(() -> lock.tryLock(standby, "relay-b"));
            assertThat(lock.holder(standby).orElseThrow().instance()).isEqualTo("relay-b");
            assertThat(leader.isValid(2)).isFalse();
        }
    }

    private Connection session(String instance) throws SQLException {
        Properties properties = lock.sessionProperties(instance, Duration.ofSeconds(10));
        properties.setProperty("user", MARIADB.user());
        properties.setProperty("password", MARIADB.password());
        return DriverManager.getConnection(MARIADB.jdbcUrl(), properties);
    }

    private static long connectionId(Connection connection) throws SQLException {
        var result = connection.createStatement().executeQuery("SELECT CONNECTION_ID()");
        result.next();
        return result.getLong(1);
    }
}
