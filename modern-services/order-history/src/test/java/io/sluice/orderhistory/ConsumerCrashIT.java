package io.sluice.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.events.TestEvent;
import io.sluice.testkit.process.AppProcess;

/**
 * {@code kill -9} of the packaged order-history service in the middle of a stream, then a restart:
 * every event takes effect exactly once (no loss, no double effect: a customer's order count is
 * incremented per OrderPlaced, so a second application would show) and each order's events apply in
 * order (every order ends SHIPPED, its last event).
 */
class ConsumerCrashIT {

    private static final int ORDERS = 600;
    private static final int CUSTOMERS = 20;
    private static final String TOPIC = "crash-test.orders.events";

    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();
    private AppProcess service;

    @AfterEach
    void stopService() {
        if (service != null) {
            service.kill();
        }
    }

    @Test
    void killingTheConsumerMidStreamLosesNothingAndAppliesNothingTwice() throws Exception {
        String database = "order_history_crash_" + UUID.randomUUID().toString().substring(0, 8);
        infra.createDatabase(database);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        publishOrders();
        int events = ORDERS * 3;

        service = start(database, "first");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(database, "SELECT count(*) FROM order_history.inbox") >= events / 3);
        service.kill(); // kill -9, mid-stream
        long appliedAtKill = count(database, "SELECT count(*) FROM order_history.inbox");
        assertThat(appliedAtKill).as("killed mid-stream").isLessThan(events);

        service = start(database, "second");
        await().atMost(Duration.ofSeconds(120)).alias("all " + events + " events applied after the restart (log: "
                + service.logFile() + ")").until(() -> count(database, "SELECT count(*) FROM order_history.inbox") == events);

        assertThat(count(database, "SELECT count(*) FROM order_history.order_view")).as("orders (lost?)").isEqualTo(ORDERS);
        assertThat(count(database, "SELECT coalesce(sum(order_count), 0) FROM order_history.customer_view"))
                .as("OrderPlaced effects (double?)").isEqualTo(ORDERS);
        assertThat(count(database, "SELECT count(*) FROM order_history.order_view WHERE status <> 'SHIPPED'"))
                .as("orders whose events applied out of order").isZero();
        assertThat(count(database, "SELECT count(*) FROM order_history.order_line")).isEqualTo(ORDERS);
    }

    /** Per order: OrderPlaced, then OrderStatusChanged to PICKED, then to SHIPPED (same key, so same partition, in order). */
    private void publishOrders() throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
                "acks", "all", "enable.idempotence", "true"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ORDERS; i++) {
                String orderId = Integer.toString(500_000 + i);
                String customerId = "CRASH" + (i % CUSTOMERS);
                sent.add(producer.send(OrderHistoryServiceTest.orderPlaced(orderId, customerId)
                        .field("lines", List.of(Map.of("lineNo", 1, "itemCode", "ITEM-" + i, "quantity", 1, "unitPrice", 1.0)))
                        .record(TOPIC)));
                sent.add(producer.send(statusChanged(orderId, "PICKED", "NEW").record(TOPIC)));
                sent.add(producer.send(statusChanged(orderId, "SHIPPED", "PICKED").record(TOPIC)));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        }
    }

    private static TestEvent statusChanged(String orderId, String status, String previous) {
        return TestEvent.of("OrderStatusChanged", "orders", orderId).validatedBy(OrderHistoryServiceTest.SCHEMAS)
                .field("orderId", orderId).field("status", status).field("previousStatus", previous);
    }

    private AppProcess start(String database, String run) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        // its own topics only: other tests of this JVM publish on the default ones
        env.put("MP_MESSAGING_INCOMING_ORDERS_TOPIC", TOPIC);
        env.put("MP_MESSAGING_INCOMING_CUSTOMERS_TOPIC", "crash-test.customers.events");
        env.put("MP_MESSAGING_INCOMING_SHIPMENTS_TOPIC", "crash-test.shipments.events");
        env.put("KAFKA_GROUP_ID", "order-history-" + database);
        // the killed instance's group members must time out before the restarted one gets their partitions
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        env.put("QUARKUS_LOG_CATEGORY__IO_SLUICE__LEVEL", "DEBUG");
        return AppProcess.of("order-history", Path.of("target", "quarkus-app", "quarkus-run.jar"), env,
                Path.of("target", "consumer-crash-" + run + ".log"), Ports.free()).start().awaitReady(Duration.ofSeconds(60));
    }

    private long count(String database, String query) throws Exception {
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(database), infra.user(), infra.password());
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }
}
