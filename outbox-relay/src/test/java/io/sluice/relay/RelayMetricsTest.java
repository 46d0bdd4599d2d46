package io.sluice.relay;

import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The relay's Prometheus metrics move with what it really does. */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class RelayMetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void publishedEventsDeadLettersLagStateAndRetainedWalAreScraped() throws Exception {
        String aggregateType = "metered" + UUID.randomUUID().toString().substring(0, 6);
        try (OutboxRows outbox = new OutboxRows("sluice.outbox_event")) {
            for (int i = 0; i < 3; i++) {
                outbox.add(aggregateType, "M-" + i, "ThingMetered", "{\"n\":" + i + "}");
            }
            outbox.commit();
        }
        try (OutboxRows outbox = new OutboxRows(RelayTestResource.APP_OUTBOX)) {
            outbox.add(aggregateType, "M-9", "ThingMetered", "not json");
            outbox.commit();
        }

        await().atMost(PATIENCE).untilAsserted(() -> when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sluice_events_published_total{aggregate_type=\"" + aggregateType
                        + "\",event_type=\"ThingMetered\"} 3.0"))
                .body(containsString("sluice_dead_letters_total{table=\"" + RelayTestResource.APP_OUTBOX + "\"}")));
        when().get("/q/metrics").then()
                .body(matchesPattern("(?s).*sluice_changes_read_total\\{phase=\"streaming\",table=\"sluice.outbox_event\"} [1-9].*"))
                .body(matchesPattern("(?s).*sluice_end_to_end_lag_seconds_count [1-9].*"))
                .body(matchesPattern("(?s).*sluice_end_to_end_lag_seconds_bucket\\{le=\"[0-9.]+\"} [0-9.]+.*"))
                .body(containsString("sluice_relay_state{state=\"STREAMING\"} 1.0"))
                .body(containsString("sluice_relay_state{state=\"RETRYING\"} 0.0"))
                .body(matchesPattern("(?s).*sluice_retained_wal_bytes [0-9][0-9.E]*\n.*"));
    }
}
