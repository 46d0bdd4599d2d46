package io.sluice.orderhistory;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.events.EventSender;
import io.sluice.testkit.events.PublishedSchemas;
import io.sluice.testkit.events.TestEvent;
import io.sluice.testkit.kafka.RecordCollector;

/**
 * The service against real Kafka and PostgreSQL: events in (built with the testkit's {@link TestEvent},
 * checked against the relay's published schemas), read model out over REST.
 */
@QuarkusTest
@QuarkusTestResource(OrderHistoryDatabaseResource.class)
class OrderHistoryServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    static final PublishedSchemas SCHEMAS = PublishedSchemas.at(Path.of("..", "..", "outbox-relay", "target", "published-language"));
    private static EventSender events;

    @BeforeAll
    static void sender() {
        events = EventSender.to(SluiceInfrastructure.shared().kafkaBootstrap());
    }

    @AfterAll
    static void closeSender() {
        events.close();
    }

    @Test
    void orderPlacedWithLinesAndCustomerBecomeResources() {
        String orderId = newId();
        String customerId = newId();
        events.send(customerRegistered(customerId, "Ada Lovelace"));
        events.send(orderPlaced(orderId, customerId)
                .field("lines", List.of(Map.of("lineNo", 1, "itemCode", "WIDGET", "quantity", 2, "unitPrice", 10.25),
                        Map.of("lineNo", 2, "itemCode", "GADGET", "quantity", 1, "unitPrice", 105.00))));

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> when().get("/orders/{id}", orderId).then()
                .statusCode(200)
                .body("customerId", equalTo(customerId))
                .body("status", equalTo("NEW"))
                .body("orderDate", equalTo("2026-11-24"))
                .body("total.amount", equalTo(125.5f))
                .body("total.currency", equalTo("EUR"))
                .body("lines.itemCode", contains("WIDGET", "GADGET"))
                .body("lines.quantity", contains(2, 1))
                .body("$", not(hasKey("lastEventId"))));
        await().atMost(PATIENCE).untilAsserted(() -> when().get("/customers/{id}", customerId).then()
                .statusCode(200)
                .body("name", equalTo("Ada Lovelace"))
                .body("active", equalTo(true))
                .body("orderCount", equalTo(1)));
    }

    @Test
    void theSameEventTwiceHasOneEffect() {
        String customerId = newId();
        String orderId = newId();
        TestEvent placed = orderPlaced(orderId, customerId).id(UUID.randomUUID().toString());
        events.send(placed);
        events.send(placed); // redelivered, e.g. after a relay crash: same event id
        String marker = newId();
        events.send(orderPlaced(marker, customerId));

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> when().get("/orders/{id}", marker).then().statusCode(200));
        when().get("/customers/{id}", customerId).then().statusCode(200).body("orderCount", equalTo(2));
    }

    @Test
    void eventsOfOneOrderApplyInTheOrderTheyHappened() {
        String orderId = newId();
        events.send(orderPlaced(orderId, newId()));
        String[] statuses = {"PICKED", "SHIPPED", "DELIVERED"};
        String previous = "NEW";
        for (int round = 0; round < 10; round++) {
            for (String status : statuses) {
                events.send(TestEvent.of("OrderStatusChanged", "orders", orderId).validatedBy(SCHEMAS)
                        .field("orderId", orderId).field("status", status).field("previousStatus", previous));
                previous = status;
            }
        }
        events.send(TestEvent.of("OrderCancelled", "orders", orderId).validatedBy(SCHEMAS).field("orderId", orderId));

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> when().get("/orders/{id}", orderId).then()
                .statusCode(200).body("status", equalTo("CANCELLED")));
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        String orderId = newId();
        try (RecordCollector deadLetters = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(),
                "order-history.dead-letter")) {
            TestEvent poison = TestEvent.of("OrderPlaced", "orders", orderId).field("orderId", orderId); // no customerId, total, ...
            events.send(poison);
            String next = newId();
            events.send(orderPlaced(next, newId()));

            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> when().get("/orders/{id}", next).then().statusCode(200));
            when().get("/orders/{id}", orderId).then().statusCode(404);
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(PATIENCE).untilAsserted(() -> {
                seen.addAll(deadLetters.poll());
                assertThat(seen).anySatisfy(record -> {
                    assertThat(record.key()).isEqualTo(orderId);
                    assertThat(header(record, "dead-letter-reason")).contains("OrderPlaced").contains("customerId");
                    assertThat(header(record, "ce_type")).isEqualTo("OrderPlaced");
                });
            });
        }
    }

    @Test
    void aTransientFailureIsRetriedUntilItPasses() throws Exception {
        String customerId = newId();
        try (Connection db = DriverManager.getConnection(SluiceInfrastructure.shared().jdbcUrl(OrderHistoryDatabaseResource.DATABASE),
                SluiceInfrastructure.shared().user(), SluiceInfrastructure.shared().password());
                Statement sql = db.createStatement()) {
            String rollbacks = "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()";
            long rolledBackBefore = count(sql, rollbacks);
            sql.execute("ALTER TABLE order_history.customer_view RENAME TO customer_view_away");
            try {
                events.send(customerRegistered(customerId, "Grace Hopper"));
                // every failed attempt rolls its transaction back: wait for the first attempt and a retry
                await().atMost(PATIENCE)
                        .untilAsserted(() -> assertThat(count(sql, rollbacks)).isGreaterThanOrEqualTo(rolledBackBefore + 2));
            } finally {
                sql.execute("ALTER TABLE order_history.customer_view_away RENAME TO customer_view");
            }
        }
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> when().get("/customers/{id}", customerId).then()
                .statusCode(200).body("name", equalTo("Grace Hopper")));
    }

    @Test
    void ordersCanBeFilteredAndPaged() {
        String customerId = newId();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orders.add(newId());
            events.send(orderPlaced(orders.get(i), customerId).field("orderDate", "2026-11-2" + i));
        }
        events.send(TestEvent.of("OrderStatusChanged", "orders", orders.get(0)).validatedBy(SCHEMAS)
                .field("orderId", orders.get(0)).field("status", "PICKED").field("previousStatus", "NEW"));

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> given().queryParam("customerId", customerId)
                .queryParam("status", "PICKED").when().get("/orders").then()
                .statusCode(200).body("items.orderId", contains(orders.get(0))));
        given().queryParam("customerId", customerId).queryParam("size", 2).when().get("/orders").then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(2))
                .body("totalItems", equalTo(3))
                .body("totalPages", equalTo(2));
        given().queryParam("customerId", customerId).queryParam("from", "2026-11-21").when().get("/orders").then()
                .statusCode(200).body("items.orderId", org.hamcrest.Matchers.containsInAnyOrder(orders.get(1), orders.get(2)));
        given().queryParam("size", 0).when().get("/orders").then().statusCode(400);
    }

    @Test
    void unknownOrderAndCustomerAreNotFound() {
        when().get("/orders/{id}", "does-not-exist").then().statusCode(404);
        when().get("/customers/{id}", "does-not-exist").then().statusCode(404);
    }

    @Test
    void theApiIsDocumentedByOpenApi() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths", hasKey("/orders/{orderId}"))
                .body("paths.'/orders'.get.parameters.name", hasItems("customerId", "status", "from", "to", "page", "size"))
                .body("paths", hasKey("/customers/{customerId}"))
                .body("info.title", containsString("order history"));
    }

    static TestEvent orderPlaced(String orderId, String customerId) {
        return TestEvent.of("OrderPlaced", "orders", orderId).validatedBy(SCHEMAS)
                .field("orderId", orderId).field("customerId", customerId).field("orderDate", "2026-11-24")
                .field("status", "NEW").field("total.amount", 125.50).field("total.currency", "EUR").field("remark", null)
                .field("lines", List.of());
    }

    static TestEvent customerRegistered(String customerId, String name) {
        return TestEvent.of("CustomerRegistered", "customers", customerId).validatedBy(SCHEMAS)
                .field("customerId", customerId).field("name", name).field("email", "someone@example.com")
                .field("phone", null).field("active", true).field("registeredOn", "2001-02-03");
    }

    private static long count(Statement sql, String query) throws Exception {
        try (var rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String newId() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000L);
    }
}
