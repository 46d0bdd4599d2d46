package io.sluice.testkit.oms;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sluice.testkit.SluiceInfrastructure;

/**
 * For tests of the relay: the shared PostgreSQL and Kafka, a database {@code oms} holding the
 * legacy OMS schema, and the relay's configuration pointing at them.
 */
public class LegacyOmsSourceResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "oms";

    @Override
    public Map<String, String> start() {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        infra.createDatabase(DATABASE);
        LegacyOms.migrate(infra.jdbcUrl(DATABASE), infra.user(), infra.password());
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(DATABASE),
                "quarkus.datasource.username", infra.user(),
                "quarkus.datasource.password", infra.password(),
                "kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "sluice.source.name", DATABASE);
    }

    /** A connection to the legacy database, as the legacy application would open it. */
    public static LegacyOms connect() {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return LegacyOms.connect(infra.jdbcUrl(DATABASE), infra.user(), infra.password());
    }

    @Override
    public void stop() {
        // the shared infrastructure stops when the JVM ends
    }
}
