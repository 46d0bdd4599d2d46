package io.sluice.relay.mariadb;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sluice.relay.HrsSchema;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;

/**
 * {@code MappingPreviewTest}'s cases on MariaDB: the same mapping over the same rows (the HR schema as database
 * {@code HRS}) previews the same events, dead letters and always-null fields; the relay's own mappings preview orders
 * with their lines.
 */
@QuarkusTest
@TestProfile(MariaDbRelayProfile.class)
class MariaDbMappingPreviewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void hrSchema() throws Exception {
        HrsSchema.createOnMariaDb();
    }

    @Test
    void previewsTheSameEventsAsOnPostgres() throws Exception {
        String body = admin().body(HrsSchema.MAPPING).post("/sluice/admin/mappings/preview").then().statusCode(200).extract().asString();
        JsonNode table = JSON.readTree(body).get("tables").get(0);

        assertThat(table.get("table").asText()).isEqualTo("HRS.EMPMST");
        assertThat(table.get("rowsRead").asInt()).isEqualTo(3);
        JsonNode events = table.get("events");
        assertThat(events).hasSize(2);
        JsonNode first = events.get(0);
        assertThat(first.get("type").asText()).isEqualTo("EmployeeHired");
        assertThat(first.get("key").asText()).isEqualTo("ACM:7");
        JsonNode data = first.get("data");
        assertThat(data.get("company").asText()).isEqualTo("ACM");
        assertThat(data.get("number").asInt()).isEqualTo(7);
        assertThat(data.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(data.get("hiredOn").asText()).isEqualTo("2019-03-01");
        assertThat(data.get("lastLogin").asText()).isEqualTo("2026-07-01T10:30:00Z"); // DATETIME read in Europe/Berlin
        assertThat(data.get("nickname").isNull()).isTrue();
        assertThat(data.get("salary").asText()).isEqualTo("****");
        assertThat(data.get("skills").findValuesAsText("skill")).containsExactly("JAVA", "SQL");
        assertThat(events.get(1).get("key").asText()).isEqualTo("ACM:9");
        assertThat(events.get(1).get("data").get("hiredOn").isNull()).as("the 00000000 sentinel is no date").isTrue();
        assertThat(events.get(1).get("data").get("skills").findValuesAsText("skill")).containsExactly("COBOL");

        assertThat(table.get("deadLetters")).hasSize(1);
        JsonNode deadLetter = table.get("deadLetters").get(0);
        assertThat(deadLetter.get("key").asText()).isEqualTo("BLU:7");
        assertThat(deadLetter.get("reason").asText()).contains("STS_CD").contains("Z");
        assertThat(deadLetter.get("row").get("SALARY").asText()).isEqualTo("****");
        assertThat(JSON.convertValue(table.get("alwaysNullFields"), Map.class)).isEqualTo(Map.of("EmployeeHired", List.of("nickname")));
        assertThat(body).as("a masked column's value never leaves").doesNotContain(HrsSchema.SALARY).doesNotContain("98765");
    }

    @Test
    void withoutABodyPreviewsTheRelaysOwnMappingsWithTheOrdersLines() throws Exception {
        try (LegacyOms oms = LegacyOmsMariaDbResource.connect()) {
            oms.registerCustomer("C000000601", "PREVIEW MARIADB AG", null, null, LocalDate.of(2026, 1, 2));
            oms.placeOrder("C000000601", LocalDate.of(2026, 2, 3),
                    List.of(new LegacyOms.Line("A-1", 1, 100), new LegacyOms.Line("B-2", 2, 200)));
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
            if (placed == null && event.get("type").asText().equals("OrderPlaced")) {
                placed = event;
            }
        }
        // the first order the preview publishes, whichever test wrote it (other tests leave orders that dead-letter): its
        // lines as the table holds them
        assertThat(placed).as("an OrderPlaced among %s", orders).isNotNull();
        assertThat(placed.get("data").get("lines").findValuesAsText("itemCode")).isNotEmpty()
                .containsExactlyElementsOf(itemCodes(Integer.parseInt(placed.get("key").asText())));
    }

    private static List<String> itemCodes(int orderNo) throws Exception {
        MariaDbSource mariadb = MariaDbSource.shared();
        List<String> codes = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(LegacyOmsMariaDbResource.DATABASE), mariadb.user(),
                mariadb.password());
                PreparedStatement query = connection.prepareStatement("SELECT ITM_CD FROM OMS.ORDLIN WHERE ORD_NO = ? ORDER BY LIN_NO")) {
            query.setInt(1, orderNo);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    codes.add(result.getString(1).strip());
                }
            }
        }
        return codes;
    }

    private static RequestSpecification admin() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().when().get("/q/health/live").then().statusCode(200));
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml",
                ContentType.TEXT))).header("Authorization", "Bearer test-admin-token").contentType("application/yaml");
    }
}
