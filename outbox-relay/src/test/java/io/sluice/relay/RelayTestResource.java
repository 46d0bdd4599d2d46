package io.sluice.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * The relay's test source: the legacy OMS database, and besides Sluice's own outbox a second outbox
 * as an older application might have made it (its own schema, a TEXT payload), captured together; and
 * {@code app.replay_probe}, the table of {@link ReplayProbeMapper}.
 */
public class RelayTestResource extends LegacyOmsSourceResource {

    static final String APP_OUTBOX = "app.outbox";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(DATABASE), infra.user(), infra.password())) {
            connection.createStatement().execute("""
                    CREATE SCHEMA IF NOT EXISTS app;
                    CREATE TABLE IF NOT EXISTS app.outbox (
                        id UUID PRIMARY KEY, aggregatetype VARCHAR(255) NOT NULL, aggregateid VARCHAR(255) NOT NULL,
                        type VARCHAR(255) NOT NULL, payload TEXT, timestamp TIMESTAMPTZ NOT NULL DEFAULT now());
                    CREATE TABLE IF NOT EXISTS app.replay_probe (id INTEGER PRIMARY KEY, code VARCHAR(8) NOT NULL, seen_on DATE)""");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test tables (app.outbox, app.replay_probe): " + e.getMessage(), e);
        }
        config.put("sluice.outbox.tables", "sluice.outbox_event," + APP_OUTBOX);
        config.put("sluice.outbox.max-payload-bytes", "65536");
        config.put("sluice.source.heartbeat-interval", "1s");
        // Stream only: tests write after the relay is ready, and an initial snapshot reads rows one by one
        // (no transactions), which would race with them.
        config.put("sluice.source.debezium.\"snapshot.mode\"", "no_data");
        // Incremental snapshots (admin API) of the tests' small tables still take several chunks.
        config.put("sluice.source.debezium.\"incremental.snapshot.chunk.size\"", "10");
        return config;
    }
}
