package io.sluice.relay;

import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A retained-WAL budget the slot exceeds turns readiness red, with the reason; the relay itself keeps streaming. */
@QuarkusTest
@TestProfile(WalBudgetTest.TinyWalBudget.class)
@QuarkusTestResource(RelayTestResource.class)
class WalBudgetTest {

    public static class TinyWalBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sluice.health.max-retained-wal-bytes", "1");
        }
    }

    @Test
    void readinessIsRedWhileTheSlotHoldsBackMoreWalThanTheBudget() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> when().get("/q/health/ready").then()
                .statusCode(503)
                .body(containsString("\"state\": \"STREAMING\""))
                .body(containsString("over the budget of 1 (sluice.health.max-retained-wal-bytes)")));
    }
}
