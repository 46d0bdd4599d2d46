package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOmsSourceResource;
import jakarta.inject.Inject;

/**
 * Dead letters through the admin API: listed with the reason and the redacted raw row, replayed through the mappings in
 * force once the mapping is fixed, recorded on the dead-letter topic so that a second replay publishes nothing.
 */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class DeadLetterReplayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();

    @Inject
    ReplayProbeMapper probe;

    @BeforeEach
    void relayStreams() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadLetterIsReplayedOnceItsMappingIsFixedAndNeverPublishedTwice() throws Exception {
        int id = ThreadLocalRandom.current().nextInt(1_000_000, Integer.MAX_VALUE);
        String code = "Q" + Integer.toString(id, 36).toUpperCase().substring(0, 4);
        String key = Integer.toString(id);
        insertProbe(id, code, LocalDate.of(2026, 11, 30));

        // listed, with the reason, the raw row and not replayed
        Map<String, Object> listed = await().atMost(PATIENCE).until(() -> deadLetterOf(key), d -> d != null);
        assertThat(listed).containsEntry("table", "app.replay_probe").containsEntry("operation", "INSERT").containsEntry("replayed", false);
        assertThat((String) listed.get("reason")).contains("code '" + code + "' is unknown");
        assertThat((Map<String, Object>) listed.get("after")).containsEntry("code", code).containsEntry("seen_on", "2026-11-30");
        int partition = (Integer) listed.get("partition");
        long offset = ((Number) listed.get("offset")).longValue();

        try (RecordCollector events = new RecordCollector(INFRA.kafkaBootstrap(), ReplayProbeMapper.TOPIC)) {
            // the mapping is still broken: the replay fails again, and says why
            JsonPath failed = replay(Map.of("partition", partition, "offset", offset));
            assertThat(failed.getInt("published")).isZero();
            assertThat(failed.getInt("stillFailing")).isEqualTo(1);
            assertThat(failed.getString("results[0].outcome")).isEqualTo("STILL_FAILING");
            assertThat(failed.getString("results[0].reason")).contains("code '" + code + "' is unknown");
            assertThat(deadLetterOf(key)).containsEntry("replayed", false);

            // fixed: the replay publishes the event, with the date back as a date for the mapper
            probe.learn(code);
            JsonPath published = replay(Map.of("partition", partition, "offset", offset));
            assertThat(published.getInt("published")).isEqualTo(1);
            String eventId = published.getString("results[0].eventIds[0]");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(events.poll()).filteredOn(r -> key.equals(r.key())).singleElement()
                    .satisfies(r -> {
                        assertThat(header(r, "ce_id")).isEqualTo(eventId);
                        assertThat(header(r, "ce_type")).isEqualTo("ProbeCoded");
                        assertThat(r.value()).contains("\"seenOn\":\"2026-11-30\"");
                    }));
            Map<String, Object> replayed = deadLetterOf(key);
            assertThat(replayed).containsEntry("replayed", true);
            assertThat((Map<String, Object>) replayed.get("lastReplay")).containsEntry("outcome", "PUBLISHED");

            // a second replay, of all and of this one, publishes nothing again
            JsonPath all = replay(Map.of());
            List<Map<String, Object>> replayedAgain = all.getList("results");
            assertThat(replayedAgain)
                    .noneMatch(r -> r.get("partition").equals(partition) && ((Number) r.get("offset")).longValue() == offset);
            JsonPath again = replay(Map.of("partition", partition, "offset", offset));
            assertThat(again.getInt("alreadyReplayed")).isEqualTo(1);
            assertThat(again.getInt("published")).isZero();
            List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> {
                seen.clear();
                seen.addAll(events.poll().stream().filter(r -> key.equals(r.key())).toList());
                return seen.size() == 1;
            });
        }
    }

    @Test
    void replayNeedsBothPartitionAndOffsetOrNeither() {
        admin().post("/sluice/admin/dead-letters/replay").then().statusCode(200); // no body: all not replayed yet
        admin().contentType(ContentType.JSON).body(Map.of("partition", 0)).post("/sluice/admin/dead-letters/replay").then().statusCode(400);
        admin().contentType(ContentType.JSON).body("{\"partition\": ").post("/sluice/admin/dead-letters/replay").then().statusCode(400);
        admin().contentType(ContentType.JSON).body(Map.of("partition", 0, "offset", Long.MAX_VALUE - 1))
                .post("/sluice/admin/dead-letters/replay").then().statusCode(404);
        admin().queryParam("limit", 0).get("/sluice/admin/dead-letters").then().statusCode(400);
    }

    /** The listed dead letter of the probe row, or null. */
    private static Map<String, Object> deadLetterOf(String key) {
        List<Map<String, Object>> listed = admin().queryParam("limit", 1000).get("/sluice/admin/dead-letters").then().statusCode(200)
                .extract().jsonPath().getList("deadLetters");
        return listed.stream().filter(d -> "app.replay_probe".equals(d.get("table")) && key.equals(d.get("key"))).findFirst().orElse(null);
    }

    private static JsonPath replay(Map<String, ?> body) {
        return admin().contentType(ContentType.JSON).body(body).post("/sluice/admin/dead-letters/replay").then().statusCode(200)
                .extract().jsonPath();
    }

    private static void insertProbe(int id, String code, LocalDate seenOn) throws Exception {
        try (Connection sql = DriverManager.getConnection(INFRA.jdbcUrl(LegacyOmsSourceResource.DATABASE), INFRA.user(), INFRA.password());
                PreparedStatement insert = sql.prepareStatement("INSERT INTO app.replay_probe (id, code, seen_on) VALUES (?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, code);
            insert.setObject(3, seenOn);
            insert.executeUpdate();
        }
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }
}
