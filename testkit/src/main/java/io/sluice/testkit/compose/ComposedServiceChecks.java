package io.sluice.testkit.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here, so a service's entry in it is checked against the service's real
 * configuration. A {@code @QuarkusTest} of the service extends this and names the compose service and
 * its database.
 */
public abstract class ComposedServiceChecks {

    private final ComposeFile compose = ComposeFile.locate();

    /** The service's name in docker-compose.yml. */
    protected abstract String service();

    /** The database the service owns on the compose PostgreSQL. */
    protected abstract String database();

    @Test
    void everyEnvironmentKeyOfTheServiceIsAConfigurationKeyOfTheService() {
        Set<String> known = StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(ComposeFile::environmentForm)
                .collect(Collectors.toSet());
        assertThat(compose.environment(service()).keySet())
                .allSatisfy(key -> assertThat(known).as("%s configuration key for %s", service(), key).contains(key));
    }

    @Test
    void serviceUsesItsOwnDatabaseOnTheComposePostgres() {
        Map<String, String> env = compose.environment(service());
        URI database = URI.create(env.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
        assertThat(compose.services()).contains(database.getHost(), env.get("KAFKA_BOOTSTRAP_SERVERS").split(":")[0]);
        assertThat(database.getPath()).isEqualTo("/" + database());
        assertThat(compose.dependsOn(service())).contains(database.getHost());
    }

    /** The services and their PostgreSQL run whichever the legacy source is ({@code --profile mariadb} or none). */
    @Test
    void serviceAndItsDatabaseRunWithEitherLegacySource() {
        String databaseHost = URI.create(compose.environment(service()).get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()))
                .getHost();
        assertThat(compose.profiles(service())).as("profiles of %s", service()).isEmpty();
        assertThat(compose.profiles(databaseHost)).as("profiles of %s", databaseHost).isEmpty();
    }

    @Test
    void servicePublishesItsHttpPortAndChecksReadiness() {
        String port = ComposeFile.applicationProperty("quarkus.http.port"); // tests run on a random port
        assertThat(compose.ports(service())).contains(port + ":" + port);
        assertThat(compose.hasHealthcheck(service())).isTrue();
    }
}
