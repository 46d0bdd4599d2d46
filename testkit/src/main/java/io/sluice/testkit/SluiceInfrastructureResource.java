package io.sluice.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusTest}: the shared PostgreSQL and Kafka, and the application's datasource and
 * {@code kafka.bootstrap.servers} pointing at them.
 */
public class SluiceInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.user(),
                "quarkus.datasource.password", infra.password(),
                "kafka.bootstrap.servers", infra.kafkaBootstrap());
    }

    @Override
    public void stop() {
        // the shared infrastructure stops when the JVM ends
    }
}
