package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * Day one on a database that already holds orders: the initial snapshot publishes each existing order once, as one
 * {@code OrderPlaced} with all its lines, and does so with a small heap (children are read a chunk of orders at a time).
 */
class SnapshotAggregatesIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ORDERS = 50_000;
    private static final int LINES = 3;
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void theInitialSnapshotPublishesEveryExistingOrderOnceWithAllItsLinesInASmallHeap() throws Exception {
        String database = "oms_snapshot_aggregates";
        INFRA.createDatabase(database);
        LegacyOms.migrate(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password());
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(database), INFRA.user(), INFRA.password())) {
            db.createStatement().execute(
                    """
                            INSERT INTO "OMS"."CUSTMST" ("CUST_NO", "CUST_NM", "ACTV_FLG", "CRT_DT") VALUES ('C000000001', 'OLD CUSTOMER', 'Y', '20050101');
                            INSERT INTO "OMS"."ORDHDR" ("ORD_NO", "CUST_NO", "ORD_DT", "ORD_STS", "TOT_AMT")
                                SELECT n, 'C000000001', '20100101', 'DL', 600 FROM generate_series(1, %d) AS n;
                            INSERT INTO "OMS"."ORDLIN" ("ORD_NO", "LIN_NO", "ITM_CD", "QTY", "UNT_PRC")
                                SELECT o, l, 'ITEM-' || l, 1, 100 * l FROM generate_series(1, %d) AS o, generate_series(1, %d) AS l;
                            """
                            .formatted(ORDERS, ORDERS, LINES));
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", INFRA.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", INFRA.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", Path.of("mappings").toAbsolutePath().toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "snapshot_aggregates");
        env.put("SLUICE_PUBLISH_TOPIC_PATTERN", "snapagg.{aggregate}.events");
        env.put("QUARKUS_BANNER_ENABLED", "false");

        List<ConsumerRecord<String, String>> records;
        try (RecordCollector orders = new RecordCollector(INFRA.kafkaBootstrap(), "snapagg.orders.events")) {
            relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env,
                    Path.of("target", "snapshot-aggregates", "relay.log"), Ports.free()).withMaxHeap("128m").start();
            records = await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(relay.isAlive()).as("relay alive (log: %s)", relay.logFile()).isTrue();
                return orders.poll(); // every record so far
            }, all -> all.size() >= ORDERS);
        }
        Map<String, JsonNode> placed = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            assertThat(placed.put(record.key(), JSON.readTree(record.value()))).as("second event for order %s", record.key()).isNull();
        }
        assertThat(placed).as("OrderPlaced per existing order").hasSize(ORDERS);
        assertThat(placed.values()).allSatisfy(order -> {
            assertThat(order.path("lines")).hasSize(LINES);
            assertThat(order.path("lines").findValuesAsText("itemCode")).containsExactly("ITEM-1", "ITEM-2", "ITEM-3");
        });
        assertThat(relay.log()).doesNotContain("OutOfMemoryError");
    }
}
