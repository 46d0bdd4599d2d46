package io.sluice.relay.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;

/**
 * The relay reading a MariaDB source: the legacy OMS database on the JVM's private MariaDB (the same tables as on
 * PostgreSQL), the same mapping files ({@code outbox-relay/mappings}), Sluice's own outbox; nothing of the
 * PostgreSQL tests' global resources.
 */
public class MariaDbRelayProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    public static class Resource extends LegacyOmsMariaDbResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            MariaDbSource mariadb = MariaDbSource.shared();
            // the table of the tests' Java mapper (ReplayProbeMapper), as on PostgreSQL
            try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(DATABASE), mariadb.user(), mariadb.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE IF NOT EXISTS app");
                statement.execute(
                        "CREATE TABLE IF NOT EXISTS app.replay_probe (id INTEGER PRIMARY KEY, code VARCHAR(8) NOT NULL, seen_on DATE)");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create app.replay_probe: " + e.getMessage(), e);
            }
            config.put("sluice.source.heartbeat-interval", "1s");
            // stream only: tests write after the relay is ready
            config.put("sluice.source.debezium.\"snapshot.mode\"", "no_data");
            return config;
        }
    }
}
