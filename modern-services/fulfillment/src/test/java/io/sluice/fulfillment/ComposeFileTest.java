package io.sluice.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructureResource;
import io.sluice.testkit.compose.ComposeFile;

/** docker-compose.yml cannot run here, so its fulfillment service is checked against the service's configuration. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "fulfillment"))
class ComposeFileTest {

    private static final String SERVICE = "fulfillment";
    private final ComposeFile compose = ComposeFile.locate();
    private final Config config = ConfigProvider.getConfig();

    @Test
    void everyEnvironmentKeyOfTheServiceIsAConfigurationKeyOfTheService() {
        Set<String> known = StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .map(ComposeFile::environmentForm)
                .collect(Collectors.toSet());
        assertThat(compose.environment(SERVICE).keySet())
                .allSatisfy(key -> assertThat(known).as("fulfillment configuration key for %s", key).contains(key));
    }

    @Test
    void serviceUsesItsOwnDatabaseOnTheComposePostgres() {
        var env = compose.environment(SERVICE);
        URI database = URI.create(env.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
        assertThat(compose.services()).contains(database.getHost(), env.get("KAFKA_BOOTSTRAP_SERVERS").split(":")[0]);
        assertThat(database.getPath()).isEqualTo("/fulfillment");
        assertThat(compose.dependsOn(SERVICE)).contains(database.getHost());
    }

    @Test
    void servicePublishesItsHttpPortAndChecksReadiness() {
        String port = ComposeFile.applicationProperty("quarkus.http.port"); // tests run on a random port
        assertThat(compose.ports(SERVICE)).contains(port + ":" + port);
        assertThat(compose.hasHealthcheck(SERVICE)).isTrue();
    }
}
