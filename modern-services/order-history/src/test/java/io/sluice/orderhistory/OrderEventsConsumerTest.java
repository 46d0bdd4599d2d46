package io.sluice.orderhistory;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructure;

/** The consumer against real Kafka and PostgreSQL: events in, read model out over REST. */
@QuarkusTest
@QuarkusTestResource(OrderHistoryDatabaseResource.class)
class OrderEventsConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", SluiceInfrastructure.shared().kafkaBootstrap(), "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void orderPlacedBecomesAnOrderResource() {
        String orderId = "T" + UUID.randomUUID().toString().substring(0, 8);
        send(UUID.randomUUID().toString(), "OrderPlaced", orderId, placed(orderId, "C000000001"));

        await().atMost(PATIENCE).untilAsserted(() -> when().get("/orders/{id}", orderId).then()
                .statusCode(200)
                .body("customerId", equalTo("C000000001"))
                .body("status", equalTo("NEW"))
                .body("orderDate", equalTo("2026-11-24"))
                .body("totalAmount", equalTo(125.5f))
                .body("currency", equalTo("EUR")));
        given().queryParam("customerId", "C000000001").when().get("/orders").then()
                .statusCode(200).body("orderId", hasItem(orderId));
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() {
        String orderId = "T" + UUID.randomUUID().toString().substring(0, 8);
        String picked = UUID.randomUUID().toString();
        send(UUID.randomUUID().toString(), "OrderPlaced", orderId, placed(orderId, "C000000002"));
        send(picked, "OrderStatusChanged", orderId, statusChanged(orderId, "PICKED", "NEW"));
        send(UUID.randomUUID().toString(), "OrderStatusChanged", orderId, statusChanged(orderId, "SHIPPED", "PICKED"));
        send(picked, "OrderStatusChanged", orderId, statusChanged(orderId, "PICKED", "NEW")); // a replay after a crash
        String marker = "T" + UUID.randomUUID().toString().substring(0, 8);
        send(UUID.randomUUID().toString(), "OrderPlaced", marker, placed(marker, "C000000002"));

        await().atMost(PATIENCE).untilAsserted(() -> when().get("/orders/{id}", marker).then().statusCode(200));
        when().get("/orders/{id}", orderId).then().statusCode(200).body("status", equalTo("SHIPPED"));
    }

    @Test
    void unknownOrderIsNotFound() {
        when().get("/orders/{id}", "does-not-exist").then().statusCode(404);
    }

    private static void send(String eventId, String type, String key, String data) {
        ProducerRecord<String, String> record = new ProducerRecord<>("orders.events", key, data);
        record.headers().add("ce_id", eventId.getBytes(UTF_8));
        record.headers().add("ce_type", type.getBytes(UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(UTF_8));
        record.headers().add("ce_source", "sluice/test".getBytes(UTF_8));
        record.headers().add("content-type", "application/json".getBytes(UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send test event", e);
        }
    }

    private static String placed(String orderId, String customerId) {
        return """
                {"orderId":"%s","customerId":"%s","orderDate":"2026-11-24","status":"NEW",\
                "total":{"amount":125.50,"currency":"EUR"},"remark":null}""".formatted(orderId, customerId);
    }

    private static String statusChanged(String orderId, String status, String previous) {
        return """
                {"orderId":"%s","status":"%s","previousStatus":"%s"}""".formatted(orderId, status, previous);
    }
}
