package io.sluice.orderhistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * The whole path for packaged-app tests: PostgreSQL with the legacy OMS database, Kafka, and the
 * packaged relay running as its own process; the service under test gets its own database. A subclass puts the
 * legacy OMS elsewhere ({@link EndToEndMariaDbResource}); the relay reads the same mapping files.
 */
public class EndToEndResource extends OrderHistoryDatabaseResource {

    static final String LEGACY_DATABASE = "oms";
    private AppProcess relay;

    /** Where the legacy OMS lives, and how the relay and the legacy application log in. */
    protected record LegacyDatabase(String jdbcUrl, String user, String password) {
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> serviceConfig = super.start();
        LegacyDatabase legacy = legacyDatabase();
        LegacyOms.migrate(legacy.jdbcUrl(), legacy.user(), legacy.password());
        migrated(legacy);

        Map<String, String> relayEnv = new HashMap<>();
        relayEnv.put("QUARKUS_DATASOURCE_JDBC_URL", legacy.jdbcUrl());
        relayEnv.put("QUARKUS_DATASOURCE_USERNAME", legacy.user());
        relayEnv.put("QUARKUS_DATASOURCE_PASSWORD", legacy.password());
        relayEnv.put("KAFKA_BOOTSTRAP_SERVERS", SluiceInfrastructure.shared().kafkaBootstrap());
        relayEnv.put("SLUICE_MAPPING_DIR", System.getProperty("sluice.relay.mappings"));
        relayEnv.put("SLUICE_SOURCE_NAME", LEGACY_DATABASE);
        relayEnv.putAll(relayEnvironment());
        relay = AppProcess.of("relay", Path.of(System.getProperty("sluice.relay.jar")), relayEnv, relayLog(), freePort());
        relay.start().awaitReady(Duration.ofSeconds(300)); // a JVM start alone took 113 s on a busy machine
        return serviceConfig;
    }

    /** The legacy OMS database: {@code oms} on the shared PostgreSQL. */
    protected LegacyDatabase legacyDatabase() {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        infra.createDatabase(LEGACY_DATABASE);
        return new LegacyDatabase(infra.jdbcUrl(LEGACY_DATABASE), infra.user(), infra.password());
    }

    /** Settings of this relay beyond the shared ones. */
    protected Map<String, String> relayEnvironment() {
        return Map.of();
    }

    /** Runs once the OMS schema exists, before the relay starts. */
    protected void migrated(LegacyDatabase legacy) {
    }

    protected Path relayLog() {
        return Path.of("target", "e2e-relay.log");
    }

    static LegacyOms legacy() {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return LegacyOms.connect(infra.jdbcUrl(LEGACY_DATABASE), infra.user(), infra.password());
    }

    @Override
    public void stop() {
        if (relay != null) {
            relay.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
