package io.sluice.orderhistory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.oms.LegacyOms;

/**
 * The whole path with the legacy OMS on MariaDB ({@code scripts/demo --source=mariadb}): the test JVM's private
 * MariaDB holds the OMS tables (database {@code OMS}), the packaged relay reads its binlog with the same mapping
 * files; Kafka and the service's own database stay on the shared servers.
 */
public class EndToEndMariaDbResource extends EndToEndResource {

    /** Order numbers from here on: never those the PostgreSQL OMS of other tests gave the shared order-history database. */
    static final long FIRST_ORDER_NO = 900_001;

    @Override
    protected LegacyDatabase legacyDatabase() {
        MariaDbSource mariadb = MariaDbSource.shared();
        mariadb.createDatabase(LEGACY_DATABASE);
        return new LegacyDatabase(mariadb.jdbcUrl(LEGACY_DATABASE), mariadb.user(), mariadb.password());
    }

    @Override
    protected void migrated(LegacyDatabase legacy) {
        try (Connection connection = DriverManager.getConnection(legacy.jdbcUrl(), legacy.user(), legacy.password());
                Statement statement = connection.createStatement()) {
            // MariaDB's SETVAL never moves a sequence back: a second start keeps the numbers drawn since
            statement.execute("SELECT SETVAL(`OMS`.`ORDNO_SEQ`, " + (FIRST_ORDER_NO - 1) + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot move OMS.ORDNO_SEQ on MariaDB: " + e.getMessage(), e);
        }
    }

    /**
     * A slot name of its own, as the compose file's MariaDB relay has: a PostgreSQL relay of the same source name and
     * database name (WalkingSkeletonIT's) committed its positions to the shared positions topic under the default one.
     */
    @Override
    protected Map<String, String> relayEnvironment() {
        return Map.of("SLUICE_SOURCE_SLOT_NAME", "sluice_oms_mariadb");
    }

    @Override
    protected Path relayLog() {
        return Path.of("target", "e2e-relay-mariadb.log");
    }

    static LegacyOms legacy() {
        MariaDbSource mariadb = MariaDbSource.shared();
        return LegacyOms.connect(mariadb.jdbcUrl(LEGACY_DATABASE), mariadb.user(), mariadb.password());
    }
}
