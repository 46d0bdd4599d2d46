package io.sluice.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusTest}: the shared PostgreSQL (with logical decoding) and Kafka, started without
 * Docker, and the application's datasource and {@code kafka.bootstrap.servers} pointing at them. A
 * service that owns its own database names it, and gets it created:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = SluiceInfrastructureResource.class,
 *         initArgs = @ResourceArg(name = "database", value = "fulfillment"))
 * class ShipmentsTest { ... }
 * }</pre>
 */
public class SluiceInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: the database the application uses, created if missing (default: the shared test database). */
    public static final String DATABASE = "database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get(DATABASE);
    }

    @Override
    public Map<String, String> start() {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        String jdbcUrl = infra.jdbcUrl();
        if (database != null && !database.isBlank()) {
            infra.createDatabase(database);
            jdbcUrl = infra.jdbcUrl(database);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", infra.user(),
                "quarkus.datasource.password", infra.password(),
                "kafka.bootstrap.servers", infra.kafkaBootstrap());
    }

    @Override
    public void stop() {
        // the shared infrastructure stops when the JVM ends
    }
}
