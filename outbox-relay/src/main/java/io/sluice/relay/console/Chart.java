package io.sluice.relay.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.quarkus.qute.TemplateData;

/**
 * A line chart drawn as an SVG path on the server: no chart library, nothing for the browser to download. The x axis is
 * the last {@link ThroughputHistory#WINDOW} ending now, the y axis runs from 0 to the largest value (at least 1); a
 * second without a value (no event acknowledged, so no lag) breaks the line.
 *
 * @param path   SVG path data in a {@link #WIDTH} × {@link #HEIGHT} box
 * @param latest the most recent value, formatted, or "–"
 * @param max    the top of the y axis, formatted
 */
@TemplateData
public record Chart(String id, String title, String unit, String path, String latest, String max) {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 120;

    static <T> Chart of(String id, String title, String unit, List<T> samples, Function<T, Instant> at, Function<T, Double> value,
            Instant now, Duration window) {
        double top = 1;
        Double latest = null;
        for (T sample : samples) {
            Double v = value.apply(sample);
            if (v != null) {
                top = Math.max(top, v);
                latest = v;
            }
        }
        StringBuilder path = new StringBuilder();
        boolean drawing = false;
        Instant start = now.minus(window);
        for (T sample : samples) {
            Double v = value.apply(sample);
            Instant t = at.apply(sample);
            if (v == null || t.isBefore(start)) {
                drawing = false;
                continue;
            }
            double x = WIDTH * (Duration.between(start, t).toMillis() / (double) window.toMillis());
            double y = HEIGHT - HEIGHT * (v / top);
            path.append(drawing ? " L" : (path.isEmpty() ? "M" : " M")).append(number(Math.min(WIDTH, x))).append(',').append(number(y));
            drawing = true;
        }
        return new Chart(id, title, unit, path.toString(), latest == null ? "–" : format(latest), format(top));
    }

    static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
