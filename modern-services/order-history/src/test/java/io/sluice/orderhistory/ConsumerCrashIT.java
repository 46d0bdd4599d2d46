package io.sluice.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.events.TestEvent;
import io.sluice.testkit.process.AppProcess;

/**
 * {@code kill -9} (or a graceful stop) of the packaged order-history service in the middle of a stream, then a
 * restart: every event takes effect exactly once (no loss, no double effect: a customer's order count is
 * incremented per OrderPlaced, so a second application would show) and each order's events apply in
 * order (every order ends SHIPPED, its last event). A graceful stop is also quick and dead-letters nothing.
 */
class ConsumerCrashIT {

    private static final int ORDERS = 600;
    private static final int CUSTOMERS = 20;
    private static final String TOPIC = "crash-test.orders.events";
    private static final String STOP_TOPIC = "stop-test.orders.events";
    /** Well within the demo's 15 s for everything (issue #13): the services stop in one stage of it. */
    private static final Duration QUICK_STOP = Duration.ofSeconds(6);

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
        publishOrders(TOPIC);
        int events = ORDERS * 3;

        service = start(database, TOPIC, "first");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(database, "SELECT count(*) FROM order_history.inbox") >= events / 3);
        service.kill(); // kill -9, mid-stream
        long appliedAtKill = count(database, "SELECT count(*) FROM order_history.inbox");
        assertThat(appliedAtKill).as("killed mid-stream").isLessThan(events);

        service = start(database, TOPIC, "second");
        assertAllAppliedOnce(database, events);
    }

    /**
     * SIGTERM while events are being applied (the demo's Ctrl-C): the service stops within {@link #QUICK_STOP},
     * an event it was applying is neither dead-lettered nor acknowledged (its offset stays uncommitted), and the
     * next start applies the rest, each once.
     */
    @Test
    void stoppingMidStreamIsQuickDeadLettersNothingAndLosesNothing() throws Exception {
        String database = "order_history_stop_" + UUID.randomUUID().toString().substring(0, 8);
        infra.createDatabase(database);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(STOP_TOPIC, 3, (short) 1))).all().get();
        }
        publishOrders(STOP_TOPIC);
        int events = ORDERS * 3;

        service = start(database, STOP_TOPIC, "stop-first");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(database, "SELECT count(*) FROM order_history.inbox") >= events / 3);
        long logLinesBefore = Files.readAllLines(service.logFile()).size();
        long stopping = System.nanoTime();
        boolean graceful = service.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);
        assertThat(graceful).as("stopped by SIGTERM without a kill (log: " + service.logFile() + ")").isTrue();
        assertThat(count(database, "SELECT count(*) FROM order_history.inbox")).as("stopped mid-stream").isLessThan(events);
        assertThat(took).as("time from SIGTERM to exit (log: " + service.logFile() + ")").isLessThan(QUICK_STOP);
        assertThat(deadLetters(database)).as("events dead-lettered by the stop (log: " + service.logFile() + ")").isZero();
        assertThat(Files.readAllLines(service.logFile()).stream().skip(logLinesBefore).filter(line -> line.contains(" ERROR ")))
                .as("ERROR lines logged by the stop (log: " + service.logFile() + ")").isEmpty();

        service = start(database, STOP_TOPIC, "stop-second");
        assertAllAppliedOnce(database, events);
        assertThat(deadLetters(database)).as("dead letters").isZero();
    }

    private void assertAllAppliedOnce(String database, int events) throws Exception {
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
    private void publishOrders(String topic) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        // In order per partition without the idempotent producer: on a topic created a moment ago, the broker once answered
        // its first batch with OutOfOrderSequenceException until the delivery timeout. A duplicate from a retry would carry
        // the same event id, which the inbox applies once.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
                "acks", "all", "enable.idempotence", "false", "max.in.flight.requests.per.connection", "1"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < ORDERS; i++) {
                String orderId = Integer.toString(500_000 + i);
                String customerId = "CRASH" + (i % CUSTOMERS);
                sent.add(producer.send(OrderHistoryServiceTest.orderPlaced(orderId, customerId)
                        .field("lines", List.of(Map.of("lineNo", 1, "itemCode", "ITEM-" + i, "quantity", 1, "unitPrice", 1.0)))
                        .record(topic)));
                sent.add(producer.send(statusChanged(orderId, "PICKED", "NEW").record(topic)));
                sent.add(producer.send(statusChanged(orderId, "SHIPPED", "PICKED").record(topic)));
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

    /** Records on this test's dead-letter topic (a topic per test; none if the topic was never created). */
    private long deadLetters(String database) throws Exception {
        String topic = deadLetterTopic(database);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static String deadLetterTopic(String database) {
        return database + ".dead-letter";
    }

    private AppProcess start(String database, String topic, String run) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        // its own topics only: other tests of this JVM publish on the default ones
        String prefix = topic.substring(0, topic.indexOf('.'));
        env.put("MP_MESSAGING_INCOMING_ORDERS_TOPIC", topic);
        env.put("MP_MESSAGING_INCOMING_CUSTOMERS_TOPIC", prefix + ".customers.events");
        env.put("MP_MESSAGING_INCOMING_SHIPMENTS_TOPIC", prefix + ".shipments.events");
        for (String channel : List.of("ORDERS", "CUSTOMERS", "SHIPMENTS")) {
            env.put("MP_MESSAGING_INCOMING_" + channel + "_DEAD_LETTER_QUEUE_TOPIC", deadLetterTopic(database));
        }
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
