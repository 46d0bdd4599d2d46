package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The figures of one run, written as a Markdown table of ratios and a PNG chart. */
final class Results {

    /** One offered load: what was offered, achieved, and the latencies (ms) from source commit. */
    record LoadPoint(double fraction, double offered, double achieved, int sent, long received, Histogram append, Histogram consume) {

        String summary() {
            return String.format("achieved %s/s, commit→Kafka p50 %d / p99 %d / max %d ms, commit→consumer p50 %d / p99 %d / max %d ms%s",
                    achieved < 0 ? "?" : String.format("%,.0f", achieved),
                    append.getValueAtPercentile(50), append.getValueAtPercentile(99), append.getMaxValue(),
                    consume.getValueAtPercentile(50), consume.getValueAtPercentile(99), consume.getMaxValue(),
                    received == sent ? "" : String.format(" (only %d of %d arrived)", received, sent));
        }
    }

    Machine machine;
    Bench.Volumes volumes;
    double pgInsertRowsPerSecond;
    double rawDecodingRowsPerSecond;
    double debeziumNoopRowsPerSecond;
    double debeziumNoopCommittedRowsPerSecond;
    long debeziumStartupMillis;
    CpuSplit debeziumCpu;
    CpuSplit outboxDrainCpu;
    double rawProducerRecordsPerSecond;
    double outboxEventsPerSecond;
    double legacyEventsPerSecond;
    double copyRowsPerSecond;
    double snapshotRowsPerSecond;
    long startupMillis;
    long rssAtRestMiB;
    long rssUnderLoadMiB;
    final List<LoadPoint> load = new ArrayList<>();

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("latest.md"), markdown());
        chart().ifPresent(chart -> {
            try {
                BitmapEncoder.saveBitmap(chart, dir.resolve("latest.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Sluice benchmark, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)).append("\n\n");
        md.append(String.format("Machine: %d cores (%s), %,d MiB RAM, %s, %s. PostgreSQL and Kafka (single broker) on the same machine.%n%n",
                machine.cores(), machine.cpu(), machine.memoryMiB(), machine.jdk(), machine.os()));
        md.append(String.format("Volumes: %,d rows for raw decoding, %,d records for the raw producer, %,d outbox events, %,d legacy orders,"
                + " %,d rows snapshotted, %d s per load step. Reproduce: `bench/run`.%n%n", volumes.rawRows(), volumes.kafkaRecords(),
                volumes.outboxBacklog(), volumes.legacyOrders(), volumes.snapshotRows(), volumes.loadStep().toSeconds()));
        md.append("| measure | Sluice | baseline | Sluice / baseline |\n|---|---:|---:|---:|\n");
        row(md, "Debezium embedded, no-op handler, rows/s", debeziumNoopRowsPerSecond, "raw pgoutput decoding, rows/s", rawDecodingRowsPerSecond);
        row(md, "outbox events/s (backlog drain)", outboxEventsPerSecond, "raw pgoutput decoding, rows/s", rawDecodingRowsPerSecond);
        row(md, "outbox events/s (backlog drain)", outboxEventsPerSecond, "Debezium embedded, no-op handler, rows/s", debeziumNoopRowsPerSecond);
        row(md, "outbox events/s (backlog drain)", outboxEventsPerSecond, "raw Kafka producer, acks=all, records/s", rawProducerRecordsPerSecond);
        row(md, "legacy OrderPlaced events/s (3 rows each)", legacyEventsPerSecond, "raw pgoutput decoding, rows/s ÷ 3", rawDecodingRowsPerSecond / 3);
        row(md, "initial snapshot, rows/s", snapshotRowsPerSecond, "COPY … TO STDOUT, rows/s", copyRowsPerSecond);
        md.append(String.format("%nPostgreSQL took the outbox rows at %,.0f rows/s (server-side inserts, 10 per transaction).%n", pgInsertRowsPerSecond));
        md.append(String.format("The Debezium row is the ceiling of any relay built on Debezium Embedded here: the relay's settings, the engine "
                + "in the bench JVM, a handler that only counts and marks records processed; the backlog committed while it streams, "
                + "after a warm-up, as for the relay. It streamed %,d ms after the engine started, and took %,.0f rows/s once the "
                + "backlog was committed.%n%n", debeziumStartupMillis, debeziumNoopCommittedRowsPerSecond));
        cpuTable(md);
        md.append("Latency from source commit (writer's clock after COMMIT) to Kafka append (broker LogAppendTime) and to a consumer, "
                + "outbox events in transactions of 10, one load step each:\n\n");
        md.append("| offered events/s | achieved | commit→Kafka p50 | p99 | max | commit→consumer p50 | p99 | max |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadPoint p : load) {
            md.append(String.format("| %,.0f (%.0f%%) | %s | %d ms | %d ms | %d ms | %d ms | %d ms | %d ms |%n", p.offered(), p.fraction() * 100,
                    p.achieved() < 0 ? "incomplete" : String.format("%,.0f", p.achieved()),
                    p.append().getValueAtPercentile(50), p.append().getValueAtPercentile(99), p.append().getMaxValue(),
                    p.consume().getValueAtPercentile(50), p.consume().getValueAtPercentile(99), p.consume().getMaxValue()));
        }
        md.append(String.format("%nRelay: start-up to ready %,d ms (packaged JVM app, warm restart); resident memory %,d MiB at rest, "
                + "%,d MiB peak while draining the outbox backlog.%n", startupMillis, rssAtRestMiB, rssUnderLoadMiB));
        md.append("\n![throughput and latency over offered load](latest.png)\n");
        return md.toString();
    }

    /** Where the CPU goes while draining: µs of CPU time per event, per process, for the outbox drain and the ceiling. */
    private void cpuTable(StringBuilder md) {
        List<CpuSplit> splits = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        if (outboxDrainCpu != null) {
            splits.add(outboxDrainCpu);
            columns.add("outbox backlog drain");
        }
        if (debeziumCpu != null) {
            splits.add(debeziumCpu);
            columns.add("Debezium, no-op handler");
        }
        if (splits.isEmpty()) {
            return;
        }
        md.append(String.format("Where the CPU goes while draining: CPU time (user + system, from /proc) per event, from just before the "
                + "measured backlog is committed until its last event arrived; %d cores give %,d µs per second.%n%n",
                machine.cores(), machine.cores() * 1_000_000));
        md.append("| CPU µs per event | ").append(String.join(" | ", columns)).append(" |\n|---|")
                .append("---:|".repeat(splits.size())).append('\n');
        java.util.LinkedHashSet<String> labels = new java.util.LinkedHashSet<>();
        splits.forEach(split -> labels.addAll(split.microsPerEvent().keySet()));
        for (String label : labels) {
            md.append("| ").append(label).append(" |");
            splits.forEach(split -> md.append(' ').append(split.microsPerEvent().containsKey(label)
                    ? CpuSplit.format(split.microsPerEvent().get(label)) : "–").append(" |"));
            md.append('\n');
        }
        md.append("| other processes (PostgreSQL backend inserting the backlog, anything else on the machine) |");
        splits.forEach(split -> md.append(' ').append(CpuSplit.format(split.restMicrosPerEvent())).append(" |"));
        md.append("\n| **machine, all processes** |");
        splits.forEach(split -> md.append(" **").append(CpuSplit.format(split.machineMicrosPerEvent())).append("** |"));
        md.append("\n| machine busy, % of all cores |");
        splits.forEach(split -> md.append(String.format(" %.0f %% |", split.machineBusyPercent())));
        md.append("\n\n");
    }

    private static void row(StringBuilder md, String measure, double sluice, String baseline, double base) {
        md.append(String.format("| %s | %,.0f | %s: %,.0f | %.2f |%n", measure, sluice, baseline, base, base == 0 ? 0 : sluice / base));
    }

    private java.util.Optional<XYChart> chart() {
        if (load.isEmpty()) {
            return java.util.Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Sluice outbox relay: throughput and latency over offered load")
                .xAxisTitle("offered events/s").yAxisTitle("events/s").build();
        double[] offered = load.stream().mapToDouble(LoadPoint::offered).toArray();
        double[] achieved = load.stream().mapToDouble(p -> Math.max(0, p.achieved())).toArray();
        double[] p50 = load.stream().mapToDouble(p -> p.append().getValueAtPercentile(50)).toArray();
        double[] p99 = load.stream().mapToDouble(p -> p.append().getValueAtPercentile(99)).toArray();
        XYSeries throughput = chart.addSeries("achieved events/s", offered, achieved);
        throughput.setMarker(SeriesMarkers.CIRCLE);
        XYSeries median = chart.addSeries("commit→Kafka p50 (ms)", offered, p50);
        median.setYAxisGroup(1);
        median.setMarker(SeriesMarkers.DIAMOND);
        XYSeries tail = chart.addSeries("commit→Kafka p99 (ms)", offered, p99);
        tail.setYAxisGroup(1);
        tail.setMarker(SeriesMarkers.SQUARE);
        chart.setYAxisGroupTitle(1, "latency (ms)");
        chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        return java.util.Optional.of(chart);
    }
}
