package io.sluice.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.sluice.relay.console.ThroughputHistory.Totals;

class ThroughputHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    @Test
    void aSampleIsTheDifferenceOfTwoTotalsPerSecond() {
        ThroughputHistory history = new ThroughputHistory();
        history.add(new Totals(T0, 100, 50, 10, 100));
        history.add(new Totals(T0.plusSeconds(2), 300, 250, 30, 700));
        assertThat(history.samples()).singleElement().satisfies(s -> {
            assertThat(s.changesPerSecond()).isEqualTo(100.0);
            assertThat(s.eventsPerSecond()).isEqualTo(100.0);
            assertThat(s.lagMillis()).isEqualTo(30.0); // 600 ms over 20 events
        });
    }

    @Test
    void aSecondWithoutAcknowledgedEventsHasNoLag() {
        ThroughputHistory history = new ThroughputHistory();
        history.add(new Totals(T0, 0, 0, 5, 50));
        history.add(new Totals(T0.plusSeconds(1), 0, 0, 5, 50));
        assertThat(history.samples()).singleElement().satisfies(s -> assertThat(s.lagMillis()).isNull());
    }

    @Test
    void onlyTheLastFifteenMinutesAreKept() {
        ThroughputHistory history = new ThroughputHistory();
        for (int second = 0; second <= 1000; second++) {
            history.add(new Totals(T0.plusSeconds(second), second, 0, 0, 0));
        }
        assertThat(history.samples()).hasSize(900);
        assertThat(history.samples().get(0).at()).isEqualTo(T0.plusSeconds(101));
        assertThat(history.samples().get(899).at()).isEqualTo(T0.plusSeconds(1000));
    }
}
