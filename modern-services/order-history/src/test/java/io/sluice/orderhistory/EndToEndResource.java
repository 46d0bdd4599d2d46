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
 * packaged relay running as its own process; the service under test gets its own database.
 */
public class EndToEndResource extends OrderHistoryDatabaseResource {

    static final String LEGACY_DATABASE = "oms";
    private AppProcess relay;

    @Override
    public Map<String, String> start() {
        Map<String, String> serviceConfig = super.start();
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        infra.createDatabase(LEGACY_DATABASE);
        LegacyOms.migrate(infra.jdbcUrl(LEGACY_DATABASE), infra.user(), infra.password());

        Map<String, String> relayEnv = new HashMap<>();
        relayEnv.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(LEGACY_DATABASE));
        relayEnv.put("QUARKUS_DATASOURCE_USERNAME", infra.user());
        relayEnv.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        relayEnv.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        relayEnv.put("SLUICE_MAPPING_DIR", System.getProperty("sluice.relay.mappings"));
        relayEnv.put("SLUICE_SOURCE_NAME", LEGACY_DATABASE);
        relay = AppProcess.of("relay", Path.of(System.getProperty("sluice.relay.jar")), relayEnv,
                Path.of("target", "e2e-relay.log"), freePort());
        relay.start().awaitReady(Duration.ofSeconds(90));
        return serviceConfig;
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
