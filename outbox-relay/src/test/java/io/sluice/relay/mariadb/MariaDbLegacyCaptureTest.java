package io.sluice.relay.mariadb;

import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;

/**
 * The PostgreSQL scenarios of {@code LegacyCaptureTest} and {@code OutboxDeliveryTest}, against a real MariaDB: the
 * same mapping files, the same events.
 */
@QuarkusTest
@TestProfile(MariaDbRelayProfile.class)
class MariaDbLegacyCaptureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> io.restassured.RestAssured.when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void theRelayReadsMariaDbWithTheSameMappingFilesAsPostgres() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)).startsWith("jdbc:mariadb:");
        // LegacyCaptureTest (PostgreSQL) reads this same folder: the demo's mapping files, unchanged
        assertThat(Path.of(ConfigProvider.getConfig().getValue("sluice.mapping.dir", String.class))).isEqualTo(Path.of("mappings"));
        io.restassured.RestAssured.when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'sluice-capture' }.data.state", org.hamcrest.Matchers.equalTo("STREAMING"));
    }

    @Test
    void sluicesOwnTablesCameFromTheMariaDbMigrationsOnly() throws Exception {
        // the build lists db/sluice and db/mariadb/sluice (FamilyMigrations): both hold a V1 and a V2, and PostgreSQL's SQL
        // would fail here, so a clean history of exactly two versions is MariaDB's folder alone
        MariaDbSource mariadb = MariaDbSource.shared();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("sluice"), mariadb.user(), mariadb.password());
                java.sql.ResultSet history = connection.createStatement()
                        .executeQuery(
                                "SELECT version, success FROM sluice.flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> versions = new java.util.ArrayList<>();
            while (history.next()) {
                assertThat(history.getBoolean("success")).isTrue();
                versions.add(history.getString("version"));
            }
            assertThat(versions).containsExactly("1", "2");
        }
    }

    @Test
    void anOrderWithItsLinesInOneTransactionBecomesOneOrderPlaced() throws Exception {
        try (LegacyOms oms = LegacyOmsMariaDbResource.connect();
                RecordCollector orders = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "orders.events")) {
            oms.registerCustomer("C000000042", "ACME GMBH", "orders@acme.example", "+49 30 1234567", LocalDate.of(2026, 11, 2));
            int orderNo = oms.placeOrder("C000000042", LocalDate.of(2026, 11, 24), List.of(new LegacyOms.Line("WIDGET-01", 2, 5000),
                    new LegacyOms.Line("GADGET-07", 1, 2000), new LegacyOms.Line("FLANGE-12", 1, 550)));

            String key = Integer.toString(orderNo);
            ConsumerRecord<String, String> placed = await().atMost(PATIENCE).until(
                    () -> orders.poll().stream().filter(r -> key.equals(r.key())).findFirst().orElse(null), r -> r != null);

            assertThat(header(placed, "ce_type")).isEqualTo("OrderPlaced");
            assertThat(header(placed, "ce_source")).isEqualTo("sluice/oms/OMS.ORDHDR");
            assertThat(header(placed, "ce_sourceposition")).as("binlog file:position:row").matches("binlog\\.\\d+:\\d+:\\d+");
            JsonNode data = json.readTree(placed.value());
            assertThat(data.path("orderId").asText()).isEqualTo(key);
            assertThat(data.path("customerId").asText()).isEqualTo("C000000042");
            assertThat(data.path("orderDate").asText()).isEqualTo("2026-11-24");
            assertThat(data.path("status").asText()).isEqualTo("NEW");
            assertThat(data.path("total").path("amount").decimalValue()).isEqualByComparingTo("125.50");
            assertThat(data.path("total").path("currency").asText()).isEqualTo("EUR");
            assertThat(data.path("lines")).hasSize(3);
            assertThat(data.path("lines").get(0).path("itemCode").asText()).isEqualTo("WIDGET-01");
            assertThat(data.path("lines").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("50.00");
            assertThat(data.path("lines").get(2).path("lineNo").asInt()).isEqualTo(3);
            assertThat(orders.poll()).filteredOn(r -> key.equals(r.key())).hasSize(1); // one event for header + 3 lines
        }
    }

    @Test
    void aStatusUpdateCarriesThePreviousStatusFromTheFullRowImage() throws Exception {
        try (LegacyOms oms = LegacyOmsMariaDbResource.connect();
                RecordCollector orders = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "orders.events")) {
            oms.registerCustomer("C000000043", "WEBER AG", null, null, LocalDate.of(2026, 1, 2));
            int orderNo = oms.placeOrder("C000000043", LocalDate.of(2026, 11, 24), List.of(new LegacyOms.Line("GASKET-5", 1, 99)));
            oms.changeOrderStatus(orderNo, "PK", LocalDate.of(2026, 11, 25));
            oms.changeOrderStatus(orderNo, "SH", LocalDate.of(2026, 11, 26));
            String key = Integer.toString(orderNo);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.poll()).filteredOn(r -> key.equals(r.key()))
                    .extracting(r -> header(r, "ce_type"))
                    .containsExactly("OrderPlaced", "OrderStatusChanged", "OrderStatusChanged", "OrderShipped"));
            List<ConsumerRecord<String, String>> events = orders.poll().stream().filter(r -> key.equals(r.key())).toList();
            assertThat(json.readTree(events.get(1).value()).path("previousStatus").asText()).isEqualTo("NEW");
            assertThat(json.readTree(events.get(1).value()).path("status").asText()).isEqualTo("PICKED");
            assertThat(json.readTree(events.get(3).value()).path("shippedDate").asText()).isEqualTo("2026-11-26");
        }
    }

    @Test
    void anInvalidLegacyDateGoesToTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        try (LegacyOms oms = LegacyOmsMariaDbResource.connect();
                RecordCollector topics = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "orders.events",
                        "sluice.dead-letter")) {
            oms.registerCustomer("C000000077", "MEYER GMBH", null, null, LocalDate.of(2026, 1, 5));
            int poison = oms.placeOrderWithRawDate("C000000077", "20261341", 999);
            int next = oms.placeOrder("C000000077", LocalDate.of(2026, 11, 24), List.of(new LegacyOms.Line("FLANGE-12", 1, 1000)));

            await().atMost(PATIENCE).untilAsserted(() -> {
                List<ConsumerRecord<String, String>> seen = topics.poll();
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.topic()).isEqualTo("sluice.dead-letter");
                    assertThat(r.key()).isEqualTo(Integer.toString(poison));
                    assertThat(header(r, "sluice_dlq_reason")).contains("ORD_DT").contains("20261341");
                    assertThat(header(r, "sluice_dlq_table")).isEqualTo("OMS.ORDHDR");
                });
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.topic()).isEqualTo("orders.events");
                    assertThat(r.key()).isEqualTo(Integer.toString(next));
                });
                assertThat(seen).noneMatch(r -> r.topic().equals("orders.events") && r.key().equals(Integer.toString(poison)));
            });
        }
    }

    @Test
    void anOutboxRowIsRoutedToItsAggregatesTopic() throws Exception {
        MariaDbSource mariadb = MariaDbSource.shared();
        String aggregateId = "shipment-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        try (RecordCollector topic = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "shipment.events");
                Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("sluice"), mariadb.user(), mariadb.password());
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, id.toString());
            insert.setString(2, "shipment");
            insert.setString(3, aggregateId);
            insert.setString(4, "ShipmentDispatched");
            insert.setString(5, "{\"carrier\":\"DHL\",\"parcels\":2}");
            insert.executeUpdate();

            ConsumerRecord<String, String> event = await().atMost(PATIENCE).until(
                    () -> topic.poll().stream().filter(r -> aggregateId.equals(r.key())).findFirst().orElse(null), r -> r != null);
            assertThat(header(event, "ce_type")).isEqualTo("ShipmentDispatched");
            assertThat(header(event, "ce_id")).isEqualTo(id.toString());
            assertThat(json.readTree(event.value())).isEqualTo(json.readTree("{\"carrier\":\"DHL\",\"parcels\":2}"));
        }
    }
}
