package io.sluice.orderhistory;

import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.testkit.oms.LegacyOms;

/**
 * The walking skeleton's scenario, written once for every legacy database family: a legacy order with its lines
 * becomes an order in the REST API, and a status change follows. The relay reads the same mapping files
 * ({@code outbox-relay/mappings}, the demo's) whichever family the legacy OMS runs on.
 */
abstract class LegacyOrderToRestScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** A connection to the legacy OMS, as the legacy application would open it. */
    protected abstract LegacyOms legacy();

    @Test
    void legacyOrderRowBecomesAnOrderInTheModernServicesRestApi() {
        int orderNo;
        try (LegacyOms oms = legacy()) {
            oms.registerCustomer("C000004711", "FISCHER OHG", "info@fischer.example", "+49 89 7654321", LocalDate.of(2025, 3, 1));
            orderNo = oms.placeOrder("C000004711", LocalDate.of(2026, 11, 24),
                    List.of(new LegacyOms.Line("SPROCKET-3", 3, 1250), new LegacyOms.Line("GASKET-5", 10, 99)));
        }

        await().atMost(PATIENCE).untilAsserted(() -> when().get("/orders/{id}", orderNo).then()
                .statusCode(200)
                .body("customerId", equalTo("C000004711"))
                .body("orderDate", equalTo("2026-11-24"))
                .body("status", equalTo("NEW"))
                .body("total.amount", equalTo(47.40f))
                .body("total.currency", equalTo("EUR")));

        try (LegacyOms oms = legacy()) {
            oms.changeOrderStatus(orderNo, "PK", LocalDate.of(2026, 11, 25));
        }
        await().atMost(PATIENCE).untilAsserted(() -> when().get("/orders/{id}", orderNo).then()
                .statusCode(200)
                .body("status", equalTo("PICKED")));
    }
}
