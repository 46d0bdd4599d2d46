package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
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

    /**
     * The relay on the legacy database, the same image on fulfillment's database (its outbox only), and on the legacy
     * database on MariaDB (profile {@code mariadb}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"relay", "fulfillment-relay", "relay-mariadb"})
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
    void theMariaDbProfileRunsTheLegacyOrderSystemOnMariaDbWithARelayReadingItsBinlog() {
        assertThat(compose.profiles("mariadb")).containsExactly("mariadb");
        assertThat(compose.profiles("relay-mariadb")).containsExactly("mariadb");
        var env = compose.environment("relay-mariadb");
        String url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(url).as("the family follows from the URL").startsWith("jdbc:mariadb:");
        String databaseHost = URI.create(url.substring("jdbc:".length())).getHost();
        String brokerHost = env.get("KAFKA_BOOTSTRAP_SERVERS").split(":")[0];
        assertThat(databaseHost).isEqualTo("mariadb");
        assertThat(compose.dependsOn("relay-mariadb")).contains(databaseHost, brokerHost);
        assertThat(compose.profiles(brokerHost)).as("Kafka runs in either variant").isEmpty();
        // what the relay checks at start on MariaDB (docs/mariadb.md): binlog on, as rows, full row images, a server id
        assertThat(compose.command("mariadb")).contains("--log-bin=", "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--server-id=", "--gtid-strict-mode=ON");
        // the same OMS tables as on PostgreSQL, and the same mapping files as the PostgreSQL relay
        assertThat(compose.volumes("mariadb")).anySatisfy(volume -> assertThat(volume)
                .startsWith("./db-migrations/src/main/resources/db/mariadb/legacy-oms/V1__create_order_management.sql:")
                .contains("/docker-entrypoint-initdb.d/"));
        assertThat(compose.volumes("mariadb")).allSatisfy(volume -> assertThat(compose.path().resolveSibling(volume.split(":")[0]))
                .as("mounted file").isRegularFile());
        assertThat(env.get("SLUICE_MAPPING_DIR")).isEqualTo(compose.environment("relay").get("SLUICE_MAPPING_DIR"));
        assertThat(env.get("SLUICE_SOURCE_NAME")).isEqualTo(compose.environment("relay").get("SLUICE_SOURCE_NAME"));
        assertThat(compose.hasHealthcheck("mariadb")).isTrue();
        assertThat(compose.hasHealthcheck("relay-mariadb")).isTrue();
        assertThat(compose.ports("relay-mariadb")).containsExactly(env.get("QUARKUS_HTTP_PORT") + ":" + env.get("QUARKUS_HTTP_PORT"));
    }

    /** Every relay on the one Kafka keeps its own positions and Kafka transactions: its own slot name. */
    @Test
    void everyRelayOnTheComposeKafkaHasItsOwnSlotName() {
        String byDefault = config.getValue("sluice.source.slot-name", String.class);
        List<String> slots = List.of("relay", "fulfillment-relay", "relay-mariadb").stream()
                .map(service -> compose.environment(service).getOrDefault("SLUICE_SOURCE_SLOT_NAME", byDefault)).toList();
        assertThat(slots).doesNotHaveDuplicates();
        Set<String> ports = Set.of("relay", "fulfillment-relay", "relay-mariadb").stream()
                .flatMap(service -> compose.ports(service).stream()).collect(Collectors.toSet());
        assertThat(ports).as("published ports of the relays").hasSize(3);
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
