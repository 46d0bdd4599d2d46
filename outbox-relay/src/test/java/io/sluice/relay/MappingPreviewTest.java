package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * The mapping preview runs a mapping over rows already in its tables and returns what it would publish, without
 * publishing: the hold-out style cases (codes, YYYYMMDD dates with a sentinel, a native timestamp in a zone, a composite
 * key, a masked column, child rows by join keys) on a schema of the test's own.
 */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class MappingPreviewTest {

    private static final String TOKEN = "test-admin-token"; // %test.sluice.admin.token
    private static final String SALARY = HrsSchema.SALARY;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void hrSchema() throws Exception {
        HrsSchema.create(LegacyOmsSourceResource.DATABASE);
    }

    @Test
    void previewsTheEventsOfRowsAlreadyInTheTablesInOneCall() throws Exception {
        String body = admin().body(HrsSchema.MAPPING).post("/sluice/admin/mappings/preview").then().statusCode(200).extract().asString();
        JsonNode table = JSON.readTree(body).get("tables").get(0);

        assertThat(table.get("table").asText()).isEqualTo("HRS.EMPMST");
        assertThat(table.get("rowsRead").asInt()).isEqualTo(3);
        JsonNode events = table.get("events");
        assertThat(events).hasSize(2);

        JsonNode first = events.get(0);
        assertThat(first.get("type").asText()).isEqualTo("EmployeeHired");
        assertThat(first.get("topic").asText()).isEqualTo("employees.events");
        assertThat(first.get("key").asText()).isEqualTo("ACM:7");
        JsonNode data = first.get("data");
        assertThat(data.get("company").asText()).isEqualTo("ACM");
        assertThat(data.get("number").asInt()).isEqualTo(7);
        assertThat(data.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(data.get("hiredOn").asText()).isEqualTo("2019-03-01");
        assertThat(data.get("lastLogin").asText()).isEqualTo("2026-07-01T10:30:00Z"); // Berlin summer time is UTC+2
        assertThat(data.get("nickname").isNull()).isTrue();
        assertThat(data.get("salary").asText()).isEqualTo("****");
        assertThat(data.get("skills").findValuesAsText("skill")).containsExactly("JAVA", "SQL");

        JsonNode second = events.get(1).get("data");
        assertThat(events.get(1).get("key").asText()).isEqualTo("ACM:9");
        assertThat(second.get("hiredOn").isNull()).as("the 00000000 sentinel is no date").isTrue();
        assertThat(second.get("skills").findValuesAsText("skill")).containsExactly("COBOL");

        JsonNode deadLetter = table.get("deadLetters").get(0);
        assertThat(table.get("deadLetters")).hasSize(1);
        assertThat(deadLetter.get("key").asText()).isEqualTo("BLU:7");
        assertThat(deadLetter.get("reason").asText()).contains("STS_CD").contains("Z");
        assertThat(deadLetter.get("row").get("SALARY").asText()).isEqualTo("****");

        assertThat(JSON.convertValue(table.get("alwaysNullFields"), Map.class)).isEqualTo(Map.of("EmployeeHired", List.of("nickname")));
        assertThat(body).as("a masked column's value never leaves").doesNotContain(SALARY).doesNotContain("98765");
    }

    @Test
    void readsOnlyTheRequestedNumberOfRowsInKeyOrder() throws Exception {
        JsonNode table = JSON
                .readTree(admin().body(HrsSchema.MAPPING).post("/sluice/admin/mappings/preview?rows=1").then().statusCode(200).extract()
                        .asString())
                .get("tables").get(0);
        assertThat(table.get("rowsRead").asInt()).isEqualTo(1);
        assertThat(table.get("events").get(0).get("key").asText()).isEqualTo("ACM:7");
    }

    @Test
    void withoutABodyPreviewsTheRelaysOwnMappingsWithChildRows() throws Exception {
        int orderNo;
        try (LegacyOms oms = LegacyOmsSourceResource.connect()) {
            oms.registerCustomer("C000000501", "PREVIEW AG", "p@example.com", "+41 1", LocalDate.of(2026, 1, 2));
            orderNo = oms.placeOrder("C000000501", LocalDate.of(2026, 2, 3), List.of(new LegacyOms.Line("A-1", 1, 100),
                    new LegacyOms.Line("B-2", 2, 200), new LegacyOms.Line("C-3", 3, 300)));
        }
        JsonNode report = JSON
                .readTree(admin().post("/sluice/admin/mappings/preview?rows=1000").then().statusCode(200).extract().asString());
        JsonNode orders = null;
        for (JsonNode table : report.get("tables")) {
            if (table.get("table").asText().equals("OMS.ORDHDR")) {
                orders = table;
            }
        }
        assertThat(orders).as("OMS.ORDHDR previewed").isNotNull();
        JsonNode placed = null;
        for (JsonNode event : orders.get("events")) {
            if (event.get("type").asText().equals("OrderPlaced") && event.get("key").asText().equals(Integer.toString(orderNo))) {
                placed = event;
            }
        }
        assertThat(placed).as("OrderPlaced of order " + orderNo).isNotNull();
        assertThat(placed.get("data").get("lines").findValuesAsText("itemCode")).containsExactly("A-1", "B-2", "C-3");
    }

    @Test
    void publishesNothing() throws Exception {
        admin().body(HrsSchema.MAPPING).post("/sluice/admin/mappings/preview").then().statusCode(200);
        try (Admin kafka = Admin
                .create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SluiceInfrastructure.shared().kafkaBootstrap()))) {
            assertThat(kafka.listTopics().names().get()).doesNotContain("employees.events");
        }
    }

    @Test
    void refusesWhatItCannotPreviewSayingWhy() {
        given().contentType("text/plain").body(HrsSchema.MAPPING).when().post("/sluice/admin/mappings/preview").then().statusCode(401);
        String broken = admin().body(HrsSchema.MAPPING.replace("type: EmployeeHired", "type: employee hired"))
                .post("/sluice/admin/mappings/preview")
                .then().statusCode(400).extract().path("problem");
        assertThat(broken).contains("employee hired").contains("PascalCase");
        String rows = admin().body(HrsSchema.MAPPING).post("/sluice/admin/mappings/preview?rows=0").then().statusCode(400).extract()
                .path("problem");
        assertThat(rows).contains("rows=0").contains("1 to 1000");
        String missing = admin().body(HrsSchema.MAPPING.replace("HRS.EMPMST", "HRS.NOSUCH")).post("/sluice/admin/mappings/preview").then()
                .statusCode(503).extract().path("problem");
        assertThat(missing).contains("NOSUCH");
    }

    private static RequestSpecification admin() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().when().get("/q/health/live").then().statusCode(200));
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml",
                ContentType.TEXT))).header("Authorization", "Bearer " + TOKEN).contentType("application/yaml");
    }
}
