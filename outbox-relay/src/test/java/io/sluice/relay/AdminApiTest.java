package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;

/** The admin API: bearer-token protected; pause holds events back and turns readiness red, resume lets them through. */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class AdminApiTest {

    private static final String TOKEN = "test-admin-token"; // %test.sluice.admin.token
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }

    @AfterEach
    void resume() {
        admin().post("/sluice/admin/resume").then().statusCode(200);
    }

    @Test
    void withoutTheTokenNothingIsAnswered() {
        given().when().get("/sluice/admin/status").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").when().post("/sluice/admin/pause").then().statusCode(401);
        given().when().get("/sluice/admin/snapshots").then().statusCode(401);
        given().contentType("application/json").body("{\"tables\": [\"OMS.ORDHDR\"]}").when().post("/sluice/admin/snapshots").then()
                .statusCode(401);
        given().when().get("/sluice/admin/snapshots/any").then().statusCode(401);
        given().when().get("/sluice/admin/dead-letters").then().statusCode(401);
        given().contentType("application/json").body("{}").when().post("/sluice/admin/dead-letters/replay").then().statusCode(401);
        admin().get("/sluice/admin/status").then().statusCode(200).body("state", equalTo("STREAMING")).body("paused", equalTo(false));
    }

    @Test
    void pauseHoldsEventsBackAndResumeLetsThemThrough() throws Exception {
        String aggregate = "paused" + UUID.randomUUID().toString().substring(0, 6);
        admin().post("/sluice/admin/pause").then().statusCode(200).body("paused", equalTo(true));
        try (OutboxRows outbox = new OutboxRows("sluice.outbox_event");
                RecordCollector topic = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), aggregate + ".events")) {
            outbox.add(aggregate, "P-1", "HeldBack", "{}");
            outbox.commit();

            // nothing arrives while paused, for a good while, and readiness says why
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
                seen.addAll(topic.poll());
                return seen.isEmpty();
            });
            given().when().get("/q/health/ready").then().statusCode(503).body(containsString("paused by an operator"));

            admin().post("/sluice/admin/resume").then().statusCode(200).body("paused", equalTo(false));
            await().atMost(PATIENCE).untilAsserted(() -> {
                seen.addAll(topic.poll());
                assertThat(seen).singleElement().satisfies(r -> assertThat(header(r, "ce_type")).isEqualTo("HeldBack"));
            });
        }
    }

    @Test
    void theCatalogueListsTablesAndTheirEventTypes() {
        admin().get("/sluice/admin/mappings").then().statusCode(200)
                .body("table", hasItem("OMS.ORDHDR"))
                .body("find { it.table == 'OMS.ORDHDR' }.events", hasItem("OrderPlaced"));
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/sluice/admin/pause"))
                .body("paths", hasKey("/sluice/admin/snapshots"))
                .body("paths", hasKey("/sluice/admin/snapshots/{id}"))
                .body("paths", hasKey("/sluice/admin/dead-letters"))
                .body("paths", hasKey("/sluice/admin/dead-letters/replay"))
                .body("components.securitySchemes", hasKey("sluice-admin-token"));
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }
}
