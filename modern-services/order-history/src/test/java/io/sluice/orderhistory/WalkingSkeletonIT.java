package io.sluice.orderhistory;

import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.sluice.testkit.oms.LegacyOms;

/**
 * The walking skeleton, real from end to end: a row inserted into a legacy table is captured by
 * the packaged relay (Debezium, pgoutput), mapped into {@code OrderPlaced}, published to Kafka,
 * consumed by the packaged order-history service, stored with Panache and served over REST.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EndToEndResource.class, restrictToAnnotatedClass = true)
class WalkingSkeletonIT {

    @Test
    void legacyOrderRowBecomesAnOrderInTheModernServicesRestApi() {
        int orderNo;
        try (LegacyOms oms = EndToEndResource.legacy()) {
            oms.registerCustomer("C000004711", "FISCHER OHG", "info@fischer.example", "+49 89 7654321", LocalDate.of(2025, 3, 1));
            orderNo = oms.placeOrder("C000004711", LocalDate.of(2026, 11, 24),
                    List.of(new LegacyOms.Line("SPROCKET-3", 3, 1250), new LegacyOms.Line("GASKET-5", 10, 99)));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> when().get("/orders/{id}", orderNo).then()
                .statusCode(200)
                .body("customerId", equalTo("C000004711"))
                .body("orderDate", equalTo("2026-11-24"))
                .body("status", equalTo("NEW"))
                .body("total.amount", equalTo(47.40f))
                .body("total.currency", equalTo("EUR")));

        try (LegacyOms oms = EndToEndResource.legacy()) {
            oms.changeOrderStatus(orderNo, "PK", LocalDate.of(2026, 11, 25));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> when().get("/orders/{id}", orderNo).then()
                .statusCode(200)
                .body("status", equalTo("PICKED")));
    }
}
