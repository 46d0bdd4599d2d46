package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.compose.ComposeFile;

/** docker-compose.yml cannot run here, so its relay service is checked against the relay's configuration. */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class ComposeFileTest {

    private final ComposeFile compose = ComposeFile.locate();
    private final Config config = ConfigProvider.getConfig();

    /** The relay on the legacy database, and the same image on fulfillment's database (its outbox only). */
    @ParameterizedTest
    @ValueSource(strings = {"relay", "fulfillment-relay"})
    void everyEnvironmentKeyOfARelayServiceIsAConfigurationKeyOfTheRelay(String service) {
        Set<String> known = StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .map(ComposeFile::environmentForm)
                .collect(Collectors.toSet());
        assertThat(compose.environment(service).keySet())
                .as("environment keys of service '%s' in %s that the relay does not read", service, compose.path())
                .allSatisfy(key -> assertThat(known).as("relay configuration key for %s", key).contains(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"relay", "fulfillment-relay"})
    void relayServiceConnectsToComposeServicesAndWaitsForThem(String service) {
        var env = compose.environment(service);
        String databaseHost = URI.create(env.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length())).getHost();
        String brokerHost = env.get("KAFKA_BOOTSTRAP_SERVERS").split(":")[0];
        assertThat(compose.services()).contains(databaseHost, brokerHost);
        assertThat(compose.dependsOn(service)).contains(databaseHost, brokerHost);
        assertThat(compose.command(databaseHost)).contains("wal_level=logical");
    }

    @Test
    void twoRelaysOnOnePostgresUseTheirOwnReplicationSlots() {
        String fulfillmentSlot = compose.environment("fulfillment-relay").get("SLUICE_SOURCE_SLOT_NAME");
        String relaySlot = compose.environment("relay").getOrDefault("SLUICE_SOURCE_SLOT_NAME",
                config.getValue("sluice.source.slot-name", String.class));
        assertThat(fulfillmentSlot).isNotNull().isNotEqualTo(relaySlot);
    }

    @Test
    void relayServicePublishesItsHttpPortAndChecksReadiness() {
        String port = ComposeFile.applicationProperty("quarkus.http.port"); // tests run on a random port
        assertThat(compose.ports("relay")).contains(port + ":" + port);
        assertThat(compose.hasHealthcheck("relay")).isTrue();
    }
}
