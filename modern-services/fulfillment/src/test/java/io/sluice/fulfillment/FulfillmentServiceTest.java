package io.sluice.fulfillment;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SluiceInfrastructureResource;
import io.sluice.testkit.events.EventSender;
import io.sluice.testkit.events.PublishedSchemas;
import io.sluice.testkit.events.TestEvent;
import io.sluice.testkit.kafka.RecordCollector;
import jakarta.inject.Inject;

/** Fulfillment against real Kafka and PostgreSQL: orders in, shipments over REST, its own events out through its outbox. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "fulfillment"))
class FulfillmentServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final PublishedSchemas SCHEMAS = PublishedSchemas
            .at(Path.of("..", "..", "outbox-relay", "target", "published-language"));
    private static EventSender events;

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void sender() {
        events = EventSender.to(SluiceInfrastructure.shared().kafkaBootstrap());
    }

    @AfterAll
    static void closeSender() {
        events.close();
    }

    @Test
    void aPlacedOrderGetsOnePendingShipmentEvenWhenTheEventComesTwice() throws Exception {
        String customerId = newId();
        String orderId = newId();
        TestEvent placed = orderPlaced(orderId, customerId);
        events.send(placed);
        events.send(placed); // redelivery: same event id
        events.send(orderPlaced(orderId, customerId)); // a second OrderPlaced for the order (e.g. a re-snapshot)

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> given().queryParam("customerId", customerId)
                .when().get("/shipments").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].orderId", equalTo(orderId))
                .body("items[0].status", equalTo("PENDING"))
                .body("items[0].itemCount", equalTo(5)));
        assertThat(inboxRows(placed.build().id())).isEqualTo(1);
    }

    @Test
    void dispatchingPublishesShipmentDispatchedThroughTheOutboxOnce() throws Exception {
        String customerId = newId();
        String shipmentId = pendingShipmentFor(newId(), customerId);

        given().contentType(ContentType.JSON).body(Map.of("carrier", "DHL", "trackingNumber", "JD0001"))
                .when().post("/shipments/{id}/dispatch", shipmentId).then()
                .statusCode(200).body("status", equalTo("DISPATCHED")).body("carrier", equalTo("DHL"));
        given().contentType(ContentType.JSON).body(Map.of("carrier", "DHL", "trackingNumber", "JD0002"))
                .when().post("/shipments/{id}/dispatch", shipmentId).then().statusCode(409);

        List<Map<String, String>> outbox = outboxRows(shipmentId);
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0)).containsEntry("type", "ShipmentDispatched").containsEntry("aggregatetype", "shipments");
        assertThat(outbox.get(0).get("payload")).contains("\"trackingNumber\": \"JD0001\"")
                .contains("\"customerId\": \"" + customerId + "\"");
        when().get("/shipments/{id}", shipmentId).then().statusCode(200).body("trackingNumber", equalTo("JD0001"));
    }

    @Test
    void cancellingAnOrderCancelsItsPendingShipmentButNotADispatchedOne() throws Exception {
        String pendingOrder = newId();
        String dispatchedOrder = newId();
        String pending = pendingShipmentFor(pendingOrder, newId());
        String dispatched = pendingShipmentFor(dispatchedOrder, newId());
        given().contentType(ContentType.JSON).body(Map.of("carrier", "UPS", "trackingNumber", "1Z999"))
                .when().post("/shipments/{id}/dispatch", dispatched).then().statusCode(200);

        events.send(cancelled(pendingOrder));
        TestEvent tooLate = cancelled(dispatchedOrder);
        events.send(tooLate);

        await().atMost(PATIENCE).untilAsserted(() -> when().get("/shipments/{id}", pending).then().body("status", equalTo("CANCELLED")));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inboxRows(tooLate.build().id())).isOne());
        when().get("/shipments/{id}", dispatched).then().body("status", equalTo("DISPATCHED"));
        assertThat(outboxRows(pending)).extracting(row -> row.get("type")).containsExactly("ShipmentCancelled");
    }

    @Test
    void aTracedEventIsProcessedInAChildSpanWhoseContextGoesIntoTheOutboxRowItWrites() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String producerSpan = "00f067aa0ba902b7";
        String orderId = newId();
        String shipmentId = pendingShipmentFor(orderId, newId());
        TestEvent cancelled = cancelled(orderId).header("traceparent", "00-" + traceId + "-" + producerSpan + "-01");
        String eventId = cancelled.build().id();
        events.send(cancelled);

        SpanData processing = await().atMost(PATIENCE).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> eventId.equals(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
                .findFirst().orElse(null), span -> span != null);
        assertThat(processing.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(processing.getName()).isEqualTo("orders.events process");
        assertThat(processing.getTraceId()).isEqualTo(traceId);
        assertThat(processing.getParentSpanId()).isEqualTo(producerSpan);
        assertThat(processing.getAttributes().get(AttributeKey.stringKey("sluice.inbox.outcome"))).isEqualTo("applied");

        Properties spanContext = new Properties();
        spanContext.load(new StringReader(outboxSpanContext(shipmentId, "ShipmentCancelled")));
        assertThat(spanContext.getProperty("traceparent")).as("the outbox row continues the trace, under the consumer span")
                .isEqualTo("00-" + traceId + "-" + processing.getSpanId() + "-01");
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        String shipmentId = pendingShipmentFor(newId(), newId());
        given().contentType(ContentType.JSON).body(Map.of("carrier", "DHL"))
                .when().post("/shipments/{id}/dispatch", shipmentId).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("carrier", "DHL", "trackingNumber", "X"))
                .when().post("/shipments/{id}/dispatch", "no-such-shipment").then().statusCode(404);
        given().queryParam("status", "LOST").when().get("/shipments").then().statusCode(400);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopic() {
        String orderId = newId();
        try (RecordCollector deadLetters = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "fulfillment.dead-letter")) {
            events.send(TestEvent.of("OrderPlaced", "orders", orderId).field("orderId", orderId).field("lines", "not a list"));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(PATIENCE).untilAsserted(() -> {
                seen.addAll(deadLetters.poll());
                assertThat(seen).anySatisfy(record -> {
                    assertThat(record.key()).isEqualTo(orderId);
                    assertThat(header(record, "dead-letter-reason")).contains("OrderPlaced");
                });
            });
        }
    }

    @Test
    void theApiIsDocumentedByOpenApi() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/shipments/{shipmentId}/dispatch"))
                .body("paths", hasKey("/shipments"));
    }

    private String pendingShipmentFor(String orderId, String customerId) {
        events.send(orderPlaced(orderId, customerId));
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> given().queryParam("customerId", customerId)
                .when().get("/shipments").then().statusCode(200).extract().<String>path("items[0].shipmentId"),
                id -> id != null);
    }

    static TestEvent orderPlaced(String orderId, String customerId) {
        return TestEvent.of("OrderPlaced", "orders", orderId).validatedBy(SCHEMAS)
                .field("orderId", orderId).field("customerId", customerId).field("orderDate", "2026-11-24")
                .field("status", "NEW").field("total.amount", 60.00).field("total.currency", "EUR").field("remark", null)
                .field("lines", List.of(Map.of("lineNo", 1, "itemCode", "WIDGET", "quantity", 2, "unitPrice", 10.00),
                        Map.of("lineNo", 2, "itemCode", "GADGET", "quantity", 3, "unitPrice", 13.33)));
    }

    private static TestEvent cancelled(String orderId) {
        return TestEvent.of("OrderCancelled", "orders", orderId).validatedBy(SCHEMAS).field("orderId", orderId);
    }

    private static long inboxRows(String eventId) throws Exception {
        return count("SELECT count(*) FROM fulfillment.inbox WHERE event_id = '" + eventId + "'");
    }

    private static List<Map<String, String>> outboxRows(String shipmentId) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection db = connect();
                Statement sql = db.createStatement();
                ResultSet row = sql
                        .executeQuery("SELECT type, aggregatetype, payload::text FROM fulfillment.outbox_event WHERE aggregateid = '"
                                + shipmentId + "' ORDER BY timestamp")) {
            while (row.next()) {
                rows.add(Map.of("type", row.getString(1), "aggregatetype", row.getString(2), "payload", row.getString(3)));
            }
        }
        return rows;
    }

    private static String outboxSpanContext(String shipmentId, String type) throws Exception {
        try (Connection db = connect();
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT tracingspancontext FROM fulfillment.outbox_event WHERE aggregateid = '"
                        + shipmentId + "' AND type = '" + type + "'")) {
            assertThat(row.next()).as("%s row of shipment %s", type, shipmentId).isTrue();
            return row.getString(1);
        }
    }

    private static long count(String query) throws Exception {
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Connection connect() throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return DriverManager.getConnection(infra.jdbcUrl("fulfillment"), infra.user(), infra.password());
    }

    private static String newId() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000L);
    }
}
