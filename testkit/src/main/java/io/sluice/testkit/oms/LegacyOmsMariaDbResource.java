package io.sluice.testkit.oms;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;

/**
 * For tests of the relay against MariaDB: the shared Kafka, the JVM's private MariaDB holding the legacy OMS
 * database ({@code OMS}, the same tables as on PostgreSQL), and the relay's configuration pointing at them
 * (its datasource's default database is {@code oms}, where the OMS schema history lives).
 */
public class LegacyOmsMariaDbResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "oms";

    @Override
    public Map<String, String> start() {
        MariaDbSource mariadb = MariaDbSource.shared();
        mariadb.createDatabase(DATABASE);
        LegacyOms.migrate(mariadb.jdbcUrl(DATABASE), mariadb.user(), mariadb.password());
        return Map.of(
                "quarkus.datasource.jdbc.url", mariadb.jdbcUrl(DATABASE),
                "quarkus.datasource.username", mariadb.user(),
                "quarkus.datasource.password", mariadb.password(),
                "kafka.bootstrap.servers", SluiceInfrastructure.shared().kafkaBootstrap(),
                "sluice.source.name", DATABASE);
    }

    /** A connection to the legacy database, as the legacy application would open it. */
    public static LegacyOms connect() {
        MariaDbSource mariadb = MariaDbSource.shared();
        return LegacyOms.connect(mariadb.jdbcUrl(DATABASE), mariadb.user(), mariadb.password());
    }

    @Override
    public void stop() {
        // the shared servers stop when the JVM ends
    }
}
