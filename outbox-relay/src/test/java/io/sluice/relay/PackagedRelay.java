package io.sluice.relay;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.sluice.testkit.Ports;
import io.sluice.testkit.process.AppProcess;

/** The packaged relay ({@code target/quarkus-app}) as a process, for the {@code *IT} tests of either source family. */
public final class PackagedRelay {

    private PackagedRelay() {
    }

    /**
     * The environment of a relay on {@code jdbcUrl} as {@code user}, publishing to {@code kafkaBootstrap}, with the mappings
     * of {@code mappingDir} and capture stream {@code slotName} (source name {@code oms}); add to it before {@link #of}.
     */
    public static Map<String, String> environment(String jdbcUrl, String user, String password, String kafkaBootstrap,
            Path mappingDir, String slotName) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", user);
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("SLUICE_MAPPING_DIR", mappingDir.toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", slotName);
        return env;
    }

    /** The demo's mapping files ({@code outbox-relay/mappings}). */
    public static Path demoMappings() {
        return Path.of("mappings");
    }

    /** The relay with this environment on a free HTTP port, logging to {@code logFile}; not started. */
    public static AppProcess of(Map<String, String> env, Path logFile) {
        return AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, logFile, Ports.free());
    }
}
