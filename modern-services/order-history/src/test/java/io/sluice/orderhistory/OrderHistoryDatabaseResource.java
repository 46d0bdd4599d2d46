package io.sluice.orderhistory;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sluice.testkit.SluiceInfrastructure;

/** The shared PostgreSQL and Kafka, with the service's own database {@code order_history}. */
public class OrderHistoryDatabaseResource implements QuarkusTestResourceLifecycleManager {

    static final String DATABASE = "order_history";

    @Override
    public Map<String, String> start() {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        infra.createDatabase(DATABASE);
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(DATABASE),
                "quarkus.datasource.username", infra.user(),
                "quarkus.datasource.password", infra.password(),
                "kafka.bootstrap.servers", infra.kafkaBootstrap());
    }

    @Override
    public void stop() {
        // the shared infrastructure stops when the JVM ends
    }
}
