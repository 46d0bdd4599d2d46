package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * Incremental snapshots through the admin API: Debezium reads a captured table again while streaming goes on, every
 * row becomes its mapped event once more, and the progress ends completed with every row counted.
 */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class IncrementalSnapshotTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
        java.util.logging.Logger.getLogger("io.sluice.relay.snapshot.SnapshotProgress").addHandler(logCapture);
    }

    @AfterEach
    void stopCapturingLogs() {
        java.util.logging.Logger.getLogger("io.sluice.relay.snapshot.SnapshotProgress").removeHandler(logCapture);
    }

    @Test
    void aSnapshotRepublishesEveryRowOfTheTableAndEndsCompletedWithEveryRowCounted() throws Exception {
        String prefix = "S" + UUID.randomUUID().toString().substring(0, 5).toUpperCase();
        Set<String> customers = IntStream.rangeClosed(1, 25).mapToObj(i -> prefix + String.format("%04d", i)).collect(Collectors.toSet());
        try (LegacyOms oms = LegacyOmsSourceResource.connect();
                RecordCollector topic = new RecordCollector(INFRA.kafkaBootstrap(), "customers.events")) {
            for (String customer : customers) {
                oms.registerCustomer(customer, "SNAPSHOT KG", null, null, LocalDate.of(2025, 3, 1));
            }
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(registered(topic, customers)).hasSize(customers.size()));
            long rows = count("\"OMS\".\"CUSTMST\"");

            JsonPath requested = admin().contentType(ContentType.JSON).body(Map.of("tables", List.of("OMS.CUSTMST")))
                    .post("/sluice/admin/snapshots").then().statusCode(202).header("Location", containsString("/sluice/admin/snapshots/"))
                    .body("tables[0].table", equalTo("OMS.CUSTMST")).extract().jsonPath();
            String id = requested.getString("id");
            assertThat(requested.getLong("tables[0].rowsTotal")).isEqualTo(rows);
            assertThat(requested.getBoolean("tables[0].totalEstimated")).isFalse();

            // every row of the table once more, as the mapped event of an insert: a second CustomerRegistered per customer
            await().atMost(PATIENCE).untilAsserted(() -> {
                Map<String, List<String>> ids = registered(topic, customers);
                assertThat(ids).hasSize(customers.size())
                        .allSatisfy((customer, eventIds) -> assertThat(eventIds).hasSize(2).doesNotHaveDuplicates());
            });
            // their ids derive from the snapshot: a later snapshot's events are not taken for duplicates of these
            assertThat(topic.poll()).filteredOn(r -> customers.contains(r.key()) && "CustomerRegistered".equals(header(r, "ce_type")))
                    .extracting(r -> header(r, "ce_sourceposition")).filteredOn(p -> p.startsWith("incremental-snapshot:"))
                    .hasSize(customers.size()).containsOnly("incremental-snapshot:" + id);

            JsonPath done = await().atMost(PATIENCE).until(() -> admin().get("/sluice/admin/snapshots/" + id).then().statusCode(200)
                    .extract().jsonPath(), p -> "completed".equals(p.getString("state")));
            assertThat(done.getString("tables[0].state")).isEqualTo("completed");
            assertThat(done.getLong("tables[0].rowsDone")).isEqualTo(rows);
            assertThat(done.getLong("tables[0].rowsScanned")).isEqualTo(rows);
            assertThat(done.getDouble("tables[0].percent")).isEqualTo(100.0);
            assertThat(done.getDouble("tables[0].rowsPerSecond")).isPositive();
            assertThat(done.getString("finishedAt")).isNotNull();
            assertThat(admin().get("/sluice/admin/snapshots").then().statusCode(200).extract().jsonPath().getList("id")).contains(id);

            assertThat(logLines)
                    .anySatisfy(line -> assertThat(line).contains(id).contains(String.format("OMS.CUSTMST completed, %,d rows", rows)));
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("sluice_snapshot_rows_done{table=\"OMS.CUSTMST\"} " + rows + ".0"))
                    .body(containsString("sluice_snapshot_rows_expected{table=\"OMS.CUSTMST\"} " + rows + ".0"))
                    .body(containsString("sluice_snapshot_running{table=\"OMS.CUSTMST\"} 0.0"));
        }
    }

    @Test
    void aTableTheRelayDoesNotCaptureIsRefusedByName() {
        admin().contentType(ContentType.JSON).body(Map.of("tables", List.of("OMS.CUSTMST", "OMS.NOSUCH")))
                .post("/sluice/admin/snapshots").then().statusCode(400).body("problem", containsString("OMS.NOSUCH is not captured"));
        admin().contentType(ContentType.JSON).body(Map.of("tables", List.of("sluice.debezium_signal")))
                .post("/sluice/admin/snapshots").then().statusCode(400).body("problem", containsString("sluice.debezium_signal"));
        admin().contentType(ContentType.JSON).body(Map.of("tables", List.of())).post("/sluice/admin/snapshots").then().statusCode(400);
        admin().get("/sluice/admin/snapshots/no-such-id").then().statusCode(404);
    }

    /** ce_ids of the CustomerRegistered events of the customers seen so far, by customer. */
    private static Map<String, List<String>> registered(RecordCollector topic, Set<String> customers) {
        return topic.poll().stream()
                .filter(r -> customers.contains(r.key()) && "CustomerRegistered".equals(header(r, "ce_type")))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(r -> header(r, "ce_id"), Collectors.toList())));
    }

    private static long count(String table) throws Exception {
        try (Connection sql = DriverManager.getConnection(INFRA.jdbcUrl(LegacyOmsSourceResource.DATABASE), INFRA.user(), INFRA.password());
                ResultSet result = sql.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }
}
