package io.sluice.relay.mariadb;

import static io.restassured.RestAssured.given;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.source.SourceFamily;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;

/**
 * {@code IncrementalSnapshotTest}'s scenario on MariaDB, with whole aggregates: orders written before the relay started
 * (and so never streamed) are published by an incremental snapshot requested through the admin API, each once, as one
 * {@code OrderPlaced} with its lines read from {@code OMS.ORDLIN}; the progress counts the table's rows and ends at 100 %.
 */
@QuarkusTest
@TestProfile(MariaDbSnapshotProfile.class)
class MariaDbIncrementalSnapshotTest {

    private static final Logger LOG = Logger.getLogger(MariaDbIncrementalSnapshotTest.class);
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final TableId ORDERS = new TableId("OMS", "ORDHDR");
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aSnapshotPublishesTheOrdersThatExistedBeforeTheRelayEachOnceWithItsLinesAndEndsAt100Percent() throws Exception {
        String customer = ConfigProvider.getConfig().getValue(MariaDbSnapshotProfile.CUSTOMER_KEY, String.class);
        Set<String> existing = orderNumbers(customer);
        assertThat(existing).hasSize(MariaDbSnapshotProfile.ORDERS);
        long rows = count();

        try (RecordCollector topic = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "mdbsnap.orders.events")) {
            long requestedAt = System.nanoTime();
            JsonPath requested = admin().contentType(ContentType.JSON).body(Map.of("tables", List.of("OMS.ORDHDR")))
                    .post("/sluice/admin/snapshots").then().statusCode(202).header("Location", containsString("/sluice/admin/snapshots/"))
                    .body("tables[0].table", equalTo("OMS.ORDHDR")).extract().jsonPath();
            String id = requested.getString("id");
            assertThat(requested.getLong("tables[0].rowsTotal")).as("count(*) of the table when requested").isEqualTo(rows);
            assertThat(requested.getBoolean("tables[0].totalEstimated")).isFalse();

            List<ConsumerRecord<String, String>> placed = new ArrayList<>();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                placed.clear();
                placed.addAll(topic.poll().stream().filter(r -> existing.contains(r.key())).toList());
                assertThat(placed).hasSizeGreaterThanOrEqualTo(existing.size());
            });
            double seconds = (System.nanoTime() - requestedAt) / 1e9;
            LOG.infof("MariaDB incremental snapshot of %,d rows (%,d existing orders with %d lines each): all published %.1f s after the "
                    + "request", rows, existing.size(), MariaDbSnapshotProfile.LINES, seconds);

            // each existing order once, never streamed before: only the snapshot published it
            assertThat(placed).extracting(ConsumerRecord::key).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(existing);
            assertThat(placed).allSatisfy(r -> {
                assertThat(header(r, "ce_type")).isEqualTo("OrderPlaced");
                assertThat(header(r, "ce_sourceposition")).isEqualTo("incremental-snapshot:" + id);
                JsonNode order = json.readTree(r.value());
                assertThat(order.path("customerId").asText()).isEqualTo(customer);
                assertThat(order.path("total").path("amount").decimalValue()).isEqualByComparingTo("14.00");
                // the aggregate: its lines, read from OMS.ORDLIN for the snapshot row (issue 18, point 1)
                assertThat(order.path("lines")).hasSize(MariaDbSnapshotProfile.LINES);
                assertThat(order.path("lines").get(0).path("lineNo").asInt()).isEqualTo(1);
                assertThat(order.path("lines").get(0).path("itemCode").asText()).isEqualTo("WIDGET-01");
                assertThat(order.path("lines").get(2).path("quantity").asInt()).isEqualTo(3);
                assertThat(order.path("lines").get(2).path("unitPrice").decimalValue()).isEqualByComparingTo("3.00");
            });

            JsonPath done = await().atMost(PATIENCE).until(() -> admin().get("/sluice/admin/snapshots/" + id).then().statusCode(200)
                    .extract().jsonPath(), p -> "completed".equals(p.getString("state")));
            assertThat(done.getString("tables[0].state")).isEqualTo("completed");
            assertThat(done.getLong("tables[0].rowsDone")).isEqualTo(rows);
            assertThat(done.getLong("tables[0].rowsScanned")).isEqualTo(rows);
            assertThat(done.getDouble("tables[0].percent")).isEqualTo(100.0);
            assertThat(done.getDouble("tables[0].rowsPerSecond")).isPositive();
            LOG.infof("MariaDB incremental snapshot %s: %s", id, done.prettify());
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("sluice_snapshot_rows_done{table=\"OMS.ORDHDR\"} " + rows + ".0"))
                    .body(containsString("sluice_snapshot_running{table=\"OMS.ORDHDR\"} 0.0"));
        }
    }

    @Test
    void theEstimateIsInformationSchemasTableRows() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE TABLE OMS.ORDHDR");
            long rows = count();
            SourceFamily family = SourceFamily.of(MariaDbSource.shared().jdbcUrl(LegacyOmsMariaDbResource.DATABASE));
            java.util.OptionalLong estimate = family.estimatedRows(connection, ORDERS);
            assertThat(estimate).isPresent();
            assertThat(estimate.getAsLong()).as("InnoDB's estimate of %,d rows", rows).isBetween(rows / 2, rows * 2);
            assertThat(family.estimatedRows(connection, new TableId("OMS", "NOSUCH")))
                    .isEmpty();
        }
    }

    private static Set<String> orderNumbers(String customer) throws Exception {
        Set<String> numbers = new TreeSet<>();
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement("SELECT ORD_NO FROM OMS.ORDHDR WHERE CUST_NO = ?")) {
            query.setString(1, customer);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    numbers.add(Integer.toString(result.getInt(1)));
                }
            }
        }
        return numbers;
    }

    private static long count() throws Exception {
        try (Connection connection = connect();
                ResultSet result = connection.createStatement().executeQuery("SELECT count(*) FROM OMS.ORDHDR")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Connection connect() throws Exception {
        MariaDbSource mariadb = MariaDbSource.shared();
        return DriverManager.getConnection(mariadb.jdbcUrl(LegacyOmsMariaDbResource.DATABASE), mariadb.user(), mariadb.password());
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }
}
