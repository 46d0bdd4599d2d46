package io.sluice.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChartTest {

    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private record Point(Instant at, Double value) {
    }

    private static Chart chart(Point... points) {
        return Chart.of("c", "C", "per second", List.of(points), Point::at, Point::value, NOW, WINDOW);
    }

    @Test
    void theLatestSampleIsAtTheRightEdgeAndTheLargestAtTheTop() {
        Chart chart = chart(new Point(NOW.minus(WINDOW.dividedBy(2)), 50.0), new Point(NOW, 100.0));
        assertThat(chart.path()).isEqualTo("M300.0,60.0 L600.0,0.0");
        assertThat(chart.latest()).isEqualTo("100");
        assertThat(chart.max()).isEqualTo("100");
    }

    @Test
    void aSecondWithoutAValueBreaksTheLine() {
        Chart chart = chart(new Point(NOW.minusSeconds(3), 1.0), new Point(NOW.minusSeconds(2), null), new Point(NOW.minusSeconds(1), 1.0));
        assertThat(chart.path()).matches("M[0-9.]+,0\\.0 M[0-9.]+,0\\.0");
    }

    @Test
    void samplesOlderThanTheWindowAreLeftOut() {
        assertThat(chart(new Point(NOW.minus(WINDOW).minusSeconds(1), 5.0)).path()).isEmpty();
    }

    @Test
    void withoutSamplesTheChartIsEmptyAndSaysSo() {
        Chart chart = chart();
        assertThat(chart.path()).isEmpty();
        assertThat(chart.latest()).isEqualTo("–");
        assertThat(chart.max()).isEqualTo("1.0");
    }
}
