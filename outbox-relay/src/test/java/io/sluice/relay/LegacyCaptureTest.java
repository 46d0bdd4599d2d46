package io.sluice.relay;

import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/** Legacy rows written to the real PostgreSQL reach the real Kafka as mapped CloudEvents. */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class LegacyCaptureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final ObjectMapper json = new ObjectMapper();

    @org.junit.jupiter.api.BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> io.restassured.RestAssured.when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void legacyOrderInsertBecomesOrderPlacedOnOrdersTopic() throws Exception {
        int orderNo;
        try (LegacyOms oms = LegacyOmsSourceResource.connect();
                RecordCollector orders = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "orders.events")) {
            oms.registerCustomer("C000000042", "ACME GMBH", "orders@acme.example", "+49 30 1234567", LocalDate.of(2026, 11, 2));
            orderNo = oms.placeOrder("C000000042", LocalDate.of(2026, 11, 24), List.of(new LegacyOms.Line("WIDGET-01", 2, 5000),
                    new LegacyOms.Line("GADGET-07", 1, 2000), new LegacyOms.Line("FLANGE-12", 1, 550)));

            String key = Integer.toString(orderNo);
            ConsumerRecord<String, String> placed = await().atMost(PATIENCE).until(
                    () -> orders.poll().stream().filter(r -> key.equals(r.key())).findFirst().orElse(null),
                    r -> r != null);

            assertThat(header(placed, "ce_type")).isEqualTo("OrderPlaced");
            assertThat(header(placed, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(placed, "ce_subject")).isEqualTo(key);
            assertThat(header(placed, "ce_source")).isEqualTo("sluice/oms/OMS.ORDHDR");
            assertThat(header(placed, "content-type")).isEqualTo("application/json");
            assertThat(header(placed, "ce_id")).isNotBlank();
            assertThat(header(placed, "ce_time")).isNotBlank();
            assertThat(header(placed, "ce_sourceposition")).isNotBlank();

            JsonNode data = json.readTree(placed.value());
            assertThat(data.path("orderId").asText()).isEqualTo(key);
            assertThat(data.path("customerId").asText()).isEqualTo("C000000042");
            assertThat(data.path("orderDate").asText()).isEqualTo("2026-11-24");
            assertThat(data.path("status").asText()).isEqualTo("NEW");
            assertThat(data.path("total").path("amount").decimalValue()).isEqualByComparingTo("125.50");
            assertThat(data.path("total").path("currency").asText()).isEqualTo("EUR");
            assertThat(data.path("lines")).hasSize(3);
            assertThat(data.path("lines").get(0).path("itemCode").asText()).isEqualTo("WIDGET-01");
            assertThat(data.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
            assertThat(data.path("lines").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("50.00");
            assertThat(data.path("lines").get(2).path("lineNo").asInt()).isEqualTo(3);
            assertThat(orders.poll()).filteredOn(r -> key.equals(r.key())).hasSize(1); // one event for header + 3 lines
        }
    }

    @Test
    void aJavaMapperBeanIsFoundAndItsTableCaptured() throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        try (var sql = java.sql.DriverManager.getConnection(infra.jdbcUrl(LegacyOmsSourceResource.DATABASE), infra.user(),
                infra.password());
                RecordCollector topic = new RecordCollector(infra.kafkaBootstrap(), "reference-data.events")) {
            sql.createStatement().execute("INSERT INTO \"OMS\".\"STSCOD\" VALUES ('RT', 'RETOURE')");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(topic.poll()).anySatisfy(r -> {
                assertThat(header(r, "ce_type")).isEqualTo("OrderStatusCodeAdded");
                assertThat(r.key()).isEqualTo("RT");
                assertThat(r.value()).isEqualTo("{\"code\":\"RT\",\"label\":\"RETOURE\"}");
            }));
        }
    }

    @Test
    void theRelayServesThePublishedLanguage() {
        io.restassured.RestAssured.when().get("/sluice/asyncapi").then().statusCode(200)
                .body("asyncapi", org.hamcrest.Matchers.equalTo("3.0.0"))
                .body("channels.'orders.events'.address", org.hamcrest.Matchers.equalTo("orders.events"));
        io.restassured.RestAssured.when().get("/sluice/schemas/OrderPlaced").then().statusCode(200)
                .body("required", org.hamcrest.Matchers.hasItems("orderId", "lines"))
                .body("properties.lines.type", org.hamcrest.Matchers.equalTo("array"));
        io.restassured.RestAssured.when().get("/sluice/schemas/NoSuchEvent").then().statusCode(404);
    }

    @Test
    void aStatusUpdateYieldsExactlyItsTransitionEvents() throws Exception {
        try (LegacyOms oms = LegacyOmsSourceResource.connect();
                RecordCollector orders = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "orders.events")) {
            oms.registerCustomer("C000000043", "WEBER AG", null, null, LocalDate.of(2026, 1, 2));
            int orderNo = oms.placeOrder("C000000043", LocalDate.of(2026, 11, 24), List.of(new LegacyOms.Line("GASKET-5", 1, 99)));
            oms.changeOrderStatus(orderNo, "PK", LocalDate.of(2026, 11, 25));
            oms.changeOrderStatus(orderNo, "SH", LocalDate.of(2026, 11, 26));
            String key = Integer.toString(orderNo);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(orders.poll()).filteredOn(r -> key.equals(r.key()))
                    .extracting(r -> header(r, "ce_type"))
                    .containsExactly("OrderPlaced", "OrderStatusChanged", "OrderStatusChanged", "OrderShipped"));
            ConsumerRecord<String, String> shipped = orders.poll().stream()
                    .filter(r -> key.equals(r.key()) && "OrderShipped".equals(header(r, "ce_type"))).findFirst().orElseThrow();
            assertThat(json.readTree(shipped.value()).path("shippedDate").asText()).isEqualTo("2026-11-26");
            ConsumerRecord<String, String> picked = orders.poll().stream().filter(r -> key.equals(r.key())).toList().get(1);
            assertThat(json.readTree(picked.value()).path("previousStatus").asText()).isEqualTo("NEW");
            assertThat(json.readTree(picked.value()).path("status").asText()).isEqualTo("PICKED");
        }
    }

    @Test
    void invalidLegacyDateGoesToDeadLetterTopicAndTheStreamGoesOn() throws Exception {
        try (LegacyOms oms = LegacyOmsSourceResource.connect();
                RecordCollector topics = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(),
                        "orders.events", "sluice.dead-letter")) {
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
                    assertThat(r.value()).contains("20261341");
                });
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.topic()).isEqualTo("orders.events");
                    assertThat(r.key()).isEqualTo(Integer.toString(next));
                });
                assertThat(seen).noneMatch(r -> r.topic().equals("orders.events") && r.key().equals(Integer.toString(poison)));
            });
        }
    }
}
