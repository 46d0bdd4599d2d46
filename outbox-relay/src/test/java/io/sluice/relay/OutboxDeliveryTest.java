package io.sluice.relay;

import static io.restassured.RestAssured.when;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;

/** Outbox rows committed to the real PostgreSQL arrive on the real Kafka: once, routed, in order. */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class OutboxDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String orders = "orders" + run;
    private final String shipments = "shipments" + run;

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void eventsOfManyTransactionsArriveOnceOnTheirTopicsInCommitOrderPerAggregate() throws Exception {
        Map<UUID, String[]> sent = new LinkedHashMap<>(); // id -> aggregate type, aggregate id, type, payload
        Random random = new Random(42);
        try (OutboxRows outbox = new OutboxRows("sluice.outbox_event")) {
            for (int tx = 0, seq = 0; tx < 40; tx++) {
                for (int i = 0; i < 5; i++, seq++) {
                    boolean order = random.nextBoolean();
                    String aggregateType = order ? orders : shipments;
                    String aggregateId = (order ? "O-" : "S-") + random.nextInt(4);
                    String type = order ? "OrderPaid" : "ShipmentDispatched";
                    String payload = "{\"seq\":" + seq + ",\"aggregate\":\"" + aggregateId + "\",\"nested\":{\"ok\":true}}";
                    sent.put(outbox.add(aggregateType, aggregateId, type, payload),
                            new String[]{aggregateType, aggregateId, type, payload});
                }
                outbox.commit();
            }
        }

        try (RecordCollector topics = new RecordCollector(kafka(), orders + ".events", shipments + ".events")) {
            await().atMost(PATIENCE).until(() -> topics.poll().size() >= sent.size());
            List<ConsumerRecord<String, String>> received = topics.poll();

            assertThat(received).hasSize(sent.size());
            Map<String, Integer> lastSeqPerAggregate = new HashMap<>();
            for (ConsumerRecord<String, String> record : received) {
                String[] expected = sent.get(UUID.fromString(header(record, "ce_id")));
                assertThat(expected).as("event %s was sent", header(record, "ce_id")).isNotNull();
                assertThat(record.topic()).isEqualTo(expected[0] + ".events");
                assertThat(record.key()).isEqualTo(expected[1]);
                assertThat(header(record, "ce_subject")).isEqualTo(expected[1]);
                assertThat(header(record, "ce_type")).isEqualTo(expected[2]);
                assertThat(header(record, "ce_source")).isEqualTo("sluice/oms/sluice.outbox_event");
                assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
                assertThat(header(record, "content-type")).isEqualTo("application/json");
                assertThat(header(record, "ce_time")).isNotBlank();
                assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree(expected[3]));
                int seq = JSON.readTree(record.value()).get("seq").asInt();
                Integer previous = lastSeqPerAggregate.put(record.topic() + "/" + record.key(), seq);
                assertThat(previous == null || previous < seq).as("commit order of %s", record.key()).isTrue();
            }
        }
    }

    @Test
    void aRolledBackTransactionProducesNoEvent() throws Exception {
        UUID rolledBack;
        UUID committed;
        try (OutboxRows outbox = new OutboxRows("sluice.outbox_event")) {
            rolledBack = outbox.add(orders, "O-9", "OrderPaid", "{\"rolledBack\":true}");
            outbox.rollback();
            committed = outbox.add(orders, "O-9", "OrderPaid", "{\"rolledBack\":false}");
            outbox.commit();
        }
        try (RecordCollector topic = new RecordCollector(kafka(), orders + ".events")) {
            await().atMost(PATIENCE).until(() -> topic.poll().stream().anyMatch(r -> committed.toString().equals(header(r, "ce_id"))));
            assertThat(topic.poll()).noneMatch(r -> rolledBack.toString().equals(header(r, "ce_id")));
        }
    }

    @Test
    void poisonRowsGoToTheDeadLetterTopicWithTheirReasonAndTheStreamGoesOn() throws Exception {
        UUID notJson;
        UUID noAggregateId;
        UUID tooLarge;
        UUID after;
        try (OutboxRows legacyOutbox = new OutboxRows(RelayTestResource.APP_OUTBOX)) {
            notJson = legacyOutbox.add(orders, "O-1", "OrderPaid", "<order paid=\"yes\"/>");
            noAggregateId = legacyOutbox.add(orders, "", "OrderPaid", "{}");
            tooLarge = legacyOutbox.add(orders, "O-2", "OrderPaid", "{\"blob\":\"" + "x".repeat(70_000) + "\"}");
            after = legacyOutbox.add(orders, "O-3", "OrderPaid", "{\"fine\":true}");
            legacyOutbox.commit();
        }
        try (RecordCollector topics = new RecordCollector(kafka(), orders + ".events", "sluice.dead-letter")) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                List<ConsumerRecord<String, String>> seen = topics.poll();
                assertThat(reason(seen, notJson)).contains("payload is not JSON");
                assertThat(reason(seen, noAggregateId)).contains("has no aggregateid");
                assertThat(reason(seen, tooLarge)).contains("exceeds the limit of 65536 bytes");
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.topic()).isEqualTo(orders + ".events");
                    assertThat(header(r, "ce_id")).isEqualTo(after.toString());
                    assertThat(header(r, "ce_source")).isEqualTo("sluice/oms/app.outbox");
                });
            });
            assertThat(topics.poll()).filteredOn(r -> r.topic().equals("sluice.dead-letter") && r.value().contains(notJson.toString()))
                    .singleElement().satisfies(r -> assertThat(r.value()).contains("<order paid=\\\"yes\\\"/>"));
        }
    }

    @Test
    void restartingTheBrokerWhileEventsFlowLosesNothing() throws Exception {
        int total = 600;
        Set<String> sent = new HashSet<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutboxRows outbox = new OutboxRows("sluice.outbox_event")) {
                for (int i = 0; i < total; i++) {
                    synchronized (sent) {
                        sent.add(outbox.add(orders, "O-" + (i % 7), "OrderPaid", "{\"n\":" + i + "}").toString());
                    }
                    if (i % 10 == 9) {
                        outbox.commit();
                    }
                }
                outbox.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (RecordCollector topic = new RecordCollector(kafka(), orders + ".events")) {
            await().atMost(PATIENCE).until(() -> topic.poll().size() >= 50);
            SluiceInfrastructure.shared().kafka().orElseThrow().restart();
            writer.get();
            await().atMost(PATIENCE).until(() -> ids(topic.poll()).containsAll(sent));
            List<ConsumerRecord<String, String>> received = topic.poll();
            System.out.printf("broker restart: %d events sent, %d records received, %d duplicates%n",
                    total, received.size(), received.size() - ids(received).size());
            assertThat(ids(received)).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(header(r, "ce_id")));
        return ids;
    }

    private static String reason(List<ConsumerRecord<String, String>> records, UUID outboxId) {
        List<String> reasons = new ArrayList<>();
        records.stream().filter(r -> r.topic().equals("sluice.dead-letter") && r.value().contains(outboxId.toString()))
                .forEach(r -> reasons.add(header(r, "sluice_dlq_reason")));
        return String.join(" | ", reasons);
    }

    private static String kafka() {
        return SluiceInfrastructure.shared().kafkaBootstrap();
    }
}
