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
    Comparison comparison;
    Comparison.Volumes compareVolumes;
    MariaDbPath mariadb;

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("latest.md"), markdown());
        if (comparison != null && !comparison.runs.isEmpty()) {
            BitmapEncoder.saveBitmap(comparisonChart(), dir.resolve("comparison.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
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
        md.append(
                String.format("Machine: %d cores (%s), %,d MiB RAM, %s, %s. %s and Kafka (single broker) on the same machine.%n%n",
                        machine.cores(), machine.cpu(), machine.memoryMiB(), machine.jdk(), machine.os(),
                        mariadb == null ? "PostgreSQL" : comparison == null && load.isEmpty() ? "MariaDB" : "PostgreSQL, MariaDB"));
        comparisonMarkdown(md);
        mariadbMarkdown(md);
        if (load.isEmpty()) {
            return md.toString(); // --only=compare, --only=mariadb
        }
        md.append(String.format(
                "Volumes: %,d rows for raw decoding, %,d records for the raw producer, %,d outbox events, %,d legacy orders,"
                        + " %,d rows snapshotted, %d s per load step. Reproduce: `bench/run`.%n%n",
                volumes.rawRows(), volumes.kafkaRecords(),
                volumes.outboxBacklog(), volumes.legacyOrders(), volumes.snapshotRows(), volumes.loadStep().toSeconds()));
        md.append("| measure | Sluice | baseline | Sluice / baseline |\n|---|---:|---:|---:|\n");
        row(md, "Debezium embedded, no-op handler, rows/s", debeziumNoopRowsPerSecond, "raw pgoutput decoding, rows/s",
                rawDecodingRowsPerSecond);
        row(md, "outbox events/s (backlog drain)", outboxEventsPerSecond, "raw pgoutput decoding, rows/s", rawDecodingRowsPerSecond);
        row(md, "outbox events/s (backlog drain)", outboxEventsPerSecond, "Debezium embedded, no-op handler, rows/s",
                debeziumNoopRowsPerSecond);
        row(md, "outbox events/s (backlog drain)", outboxEventsPerSecond, "raw Kafka producer, acks=all, records/s",
                rawProducerRecordsPerSecond);
        row(md, "legacy OrderPlaced events/s (3 rows each)", legacyEventsPerSecond, "raw pgoutput decoding, rows/s ÷ 3",
                rawDecodingRowsPerSecond / 3);
        row(md, "initial snapshot, rows/s", snapshotRowsPerSecond, "COPY … TO STDOUT, rows/s", copyRowsPerSecond);
        md.append(String.format("%nPostgreSQL took the outbox rows at %,.0f rows/s (server-side inserts, 10 per transaction).%n",
                pgInsertRowsPerSecond));
        md.append(String
                .format("The Debezium row is the ceiling of any relay built on Debezium Embedded here: the relay's settings, the engine "
                        + "in the bench JVM, a handler that only counts and marks records processed; the backlog committed while it streams, "
                        + "after a warm-up, as for the relay. It streamed %,d ms after the engine started, and took %,.0f rows/s once the "
                        + "backlog was committed.%n%n", debeziumStartupMillis, debeziumNoopCommittedRowsPerSecond));
        cpuTable(md);
        md.append("Latency from source commit (writer's clock after COMMIT) to Kafka append (broker LogAppendTime) and to a consumer, "
                + "outbox events in transactions of 10, one load step each:\n\n");
        md.append("| offered events/s | achieved | commit→Kafka p50 | p99 | max | commit→consumer p50 | p99 | max |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadPoint p : load) {
            md.append(String.format("| %,.0f (%.0f%%) | %s | %d ms | %d ms | %d ms | %d ms | %d ms | %d ms |%n", p.offered(),
                    p.fraction() * 100,
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
                    ? CpuSplit.format(split.microsPerEvent().get(label))
                    : "–").append(" |"));
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

    /** Sluice against the standard pipeline and the null relay, per workload, and the targets. */
    private void comparisonMarkdown(StringBuilder md) {
        if (comparison == null || comparison.runs.isEmpty()) {
            return;
        }
        Comparison.Volumes v = compareVolumes;
        md.append("## Sluice, the standard pipeline and the null relay, same run\n\n");
        md.append(String.format(
                "Each relay on a fresh database and a 1 GB heap: a backlog of %,d events it starts on as a fresh JVM (cold: events/s "
                        + "in the first %d s from its first event), more backlog until its JIT compilation settled (compiler threads under %.0f %% of its "
                        + "CPU over %d s; at most %d s), then %,d events in steady state (events/s first to last Kafka append; CPU from /proc over the "
                        + "drain, per event); legacy volumes ÷ 3 (orders), wide ÷ 2. Latency: outbox events at %,.0f events/s for %d s, warm. "
                        + "Standard pipeline: Debezium embedded + outbox EventRouter + JSON converters + KafkaProducer (acks=all, idempotent), "
                        + "records marked processed after the acks (legacy and wide tables: Debezium's change events unrouted, 3 records per order). "
                        + "Null relay: pgoutput bytes from pgjdbc's replication stream straight to a KafkaProducer. Method: `bench/README.md`.%n%n",
                v.coldEvents(), v.coldWindow().toSeconds(), 100 * JitMonitor.SETTLED_SHARE, JitMonitor.WINDOW_SECONDS,
                v.maxWarmUp().toSeconds(),
                v.steadyEvents(), v.latencyRate(), v.latencyStep().toSeconds()));
        md.append("| workload | relay | cold events/s | first event after launch | JIT settled after | JIT share, first 30 s "
                + "| steady events/s | relay CPU µs/event | broker CPU µs/event | commit→Kafka p50 / p99 / max | CPU µs/event at that rate, relay / broker |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison.Run r : comparison.runs) {
            md.append(String.format("| %s | %s | %,.0f | %,d ms | %s | %s | %,.0f | %.1f | %.1f | %s | %s |%n", r.workload().title,
                    r.relay().title,
                    r.coldPerSecond(), r.firstEventMillis(),
                    r.jitSettledSeconds() < 0 ? "> cap" : String.format("%.0f s", r.jitSettledSeconds()),
                    Double.isNaN(r.compileShareFirst30s()) ? "–" : String.format("%.0f %%", 100 * r.compileShareFirst30s()),
                    r.steadyPerSecond(), r.relayCpu(), r.brokerCpu(), r.latency() == null
                            ? "–"
                            : String.format("%d / %d / %d ms", r.latency().append().getValueAtPercentile(50),
                                    r.latency().append().getValueAtPercentile(99), r.latency().append().getMaxValue()),
                    r.latencyCpu() == null
                            ? "–"
                            : CpuSplit.format(r.latencyCpu().microsPerEvent().get(Bench.CPU_RELAY)) + " / "
                                    + CpuSplit.format(r.latencyCpu().microsPerEvent().get(Bench.CPU_BROKER))));
        }
        md.append("\n| workload | Sluice / standard, cold | steady | relay CPU | broker CPU | Sluice / null relay, steady |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Comparison.Workload w : Comparison.Workload.values()) {
            Comparison.Run sluice = comparison.find(w, Comparison.Relay.SLUICE);
            Comparison.Run standard = comparison.find(w, Comparison.Relay.STANDARD);
            Comparison.Run none = comparison.find(w, Comparison.Relay.NULL);
            if (sluice == null || standard == null || none == null) {
                continue;
            }
            md.append(
                    String.format("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", w.title, sluice.coldPerSecond() / standard.coldPerSecond(),
                            sluice.steadyPerSecond() / standard.steadyPerSecond(), sluice.relayCpu() / standard.relayCpu(),
                            sluice.brokerCpu() / standard.brokerCpu(), sluice.steadyPerSecond() / none.steadyPerSecond()));
        }
        if (!comparison.debeziumNoop.isEmpty()) {
            md.append("\nDebezium's own ceiling: the embedded engine with the relay's settings and a handler that only counts row changes, "
                    + "all columns captured, in the bench JVM, publishing nothing (legacy: per order, 3 row changes). What a relay built on "
                    + "Debezium Embedded can reach at most, and the least relay CPU it can spend, against the standard pipeline:\n\n");
            md.append("| workload | Debezium no-op /s | its CPU µs each | no-op / standard, steady | no-op CPU / standard relay CPU "
                    + "| Sluice / no-op, steady | Sluice relay CPU / no-op CPU |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|\n");
            comparison.debeziumNoop.forEach((w, noop) -> {
                Comparison.Run sluice = comparison.find(w, Comparison.Relay.SLUICE);
                Comparison.Run standard = comparison.find(w, Comparison.Relay.STANDARD);
                if (sluice != null && standard != null) {
                    String bold = w == Comparison.Workload.WIDE ? "**" : ""; // the wide table's target is this ratio
                    md.append(
                            String.format("| %s | %,.0f | %.1f | %.2f | %.2f | %s%.2f%s | %.2f |%n", w.title, noop.perSecond(), noop.cpu(),
                                    noop.perSecond() / standard.steadyPerSecond(), noop.cpu() / standard.relayCpu(), bold,
                                    sluice.steadyPerSecond() / noop.perSecond(), bold, sluice.relayCpu() / noop.cpu()));
                }
            });
        }
        Comparison.Run eos = comparison.find(Comparison.Workload.OUTBOX_10, Comparison.Relay.SLUICE);
        Comparison.Run alo = comparison.find(Comparison.Workload.OUTBOX_10, Comparison.Relay.SLUICE_AT_LEAST_ONCE);
        if (eos != null && alo != null) {
            md.append(String.format(
                    "%nSluice exactly-once / at-least-once, outbox events 10 per transaction: steady events/s %.2f, relay CPU %.2f, "
                            + "broker CPU %.2f.%n",
                    eos.steadyPerSecond() / alo.steadyPerSecond(), eos.relayCpu() / alo.relayCpu(),
                    eos.brokerCpu() / alo.brokerCpu()));
        }
        md.append("\n![events/s per workload and relay](comparison.png)\n\n");
    }

    /** Sluice on MariaDB against the raw binlog read of the same changes and Debezium's MariaDB connector, no-op. */
    private void mariadbMarkdown(StringBuilder md) {
        if (mariadb == null || mariadb.runs.isEmpty()) {
            return;
        }
        Comparison.Volumes v = compareVolumes;
        md.append("## MariaDB: Sluice, the raw binlog read and Debezium's no-op ceiling, same run\n\n");
        md.append(String.format(
                "A private MariaDB %s (testkit `MariaDbServer`: ROW binlog, full row images, GTIDs; `innodb_flush_log_at_trx_commit=2`, "
                        + "`sync_binlog=0`) per relay and workload. Each relay as a fresh JVM with a 1 GB heap on a backlog of %,d events "
                        + "(cold: events/s in the first %d s from its first event), more backlog until its JIT compilation settled (at most %d s), "
                        + "then %,d events in steady state, written while the relay was frozen (SIGSTOP; the procedure's rate below) and "
                        + "drained once it went on (first to last arrival); legacy volumes ÷ 3 (orders, header + 2 lines per "
                        + "transaction), rated per order. Sluice: the packaged relay, exactly-once, the demo mappings for legacy orders "
                        + "(`OrderPlaced`), rated by Kafka append times. Debezium no-op: Debezium's MariaDB connector (embedded engine, the "
                        + "relay's settings, JDBC schema history in the source, offsets in a file) in its own JVM, a handler that only counts "
                        + "row changes, rated by the time each batch reached it. Raw binlog read: the binlog file holding exactly that backlog "
                        + "(rotated before and after it), read from the server by `mariadb-binlog --read-from-remote-server`, as sent "
                        + "(`--raw`) and decoded into text (`--verbose --base64-output=DECODE-ROWS`). Method: `bench/README.md`.%n%n",
                mariadb.serverVersion, v.coldEvents(), v.coldWindow().toSeconds(), v.maxWarmUp().toSeconds(), v.steadyEvents()));
        md.append("| workload | relay | cold /s | first event after launch | JIT settled after | JIT share, first 30 s | steady /s "
                + "| relay CPU µs/event | broker CPU µs/event | MariaDB server CPU µs/event | steady backlog written at /s |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MariaDbPath.Run r : mariadb.runs) {
            md.append(String.format("| %s | %s | %,.0f | %,d ms | %s | %s | %,.0f | %s | %s | %s | %,.0f |%n", r.workload().title,
                    r.relay().title, r.coldPerSecond(), r.firstEventMillis(),
                    r.jitSettledSeconds() < 0 ? "> cap" : String.format("%.0f s", r.jitSettledSeconds()),
                    Double.isNaN(r.compileShareFirst30s()) ? "–" : String.format("%.0f %%", 100 * r.compileShareFirst30s()),
                    r.steadyPerSecond(), CpuSplit.format(r.relayCpu()), Double.isNaN(r.brokerCpu()) ? "–" : CpuSplit.format(r.brokerCpu()),
                    CpuSplit.format(r.serverCpu()), r.insertedPerSecond()));
        }
        md.append("\n| workload | binlog read | backlog | binlog file | /s | MiB/s |\n|---|---|---|---:|---:|---:|\n");
        for (MariaDbPath.BinlogRead r : mariadb.reads) {
            md.append(String.format("| %s | %s | %s | %,.1f MiB | %,.0f | %,.1f |%n", r.workload().title,
                    r.decoded() ? "decoded (`--verbose`)" : "raw (`--raw`)", r.range(), r.bytes() / 1048576.0, r.unitsPerSecond(),
                    r.mibPerSecond()));
        }
        md.append("\n| workload | Sluice / raw binlog read, cold | steady | Sluice / decoded binlog read, cold | steady "
                + "| Sluice / Debezium no-op, cold | steady | relay CPU |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison.Workload w : MariaDbPath.WORKLOADS) {
            MariaDbPath.Run sluice = mariadb.find(w, MariaDbPath.Relay.SLUICE);
            MariaDbPath.Run noop = mariadb.find(w, MariaDbPath.Relay.DEBEZIUM_NOOP);
            MariaDbPath.BinlogRead rawCold = mariadb.read(w, "cold backlog", false);
            MariaDbPath.BinlogRead rawSteady = mariadb.read(w, "steady backlog", false);
            MariaDbPath.BinlogRead decodedCold = mariadb.read(w, "cold backlog", true);
            MariaDbPath.BinlogRead decodedSteady = mariadb.read(w, "steady backlog", true);
            if (sluice == null || noop == null || rawCold == null || rawSteady == null || decodedCold == null || decodedSteady == null) {
                continue;
            }
            md.append(String.format("| %s | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", w.title,
                    sluice.coldPerSecond() / rawCold.unitsPerSecond(), sluice.steadyPerSecond() / rawSteady.unitsPerSecond(),
                    sluice.coldPerSecond() / decodedCold.unitsPerSecond(), sluice.steadyPerSecond() / decodedSteady.unitsPerSecond(),
                    sluice.coldPerSecond() / noop.coldPerSecond(), sluice.steadyPerSecond() / noop.steadyPerSecond(),
                    sluice.relayCpu() / noop.relayCpu()));
        }
        md.append("\n");
    }

    private org.knowm.xchart.CategoryChart comparisonChart() {
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(900).height(500)
                .title("Steady-state events/s, same run").xAxisTitle("workload").yAxisTitle("events/s").build();
        List<Comparison.Workload> workloads = comparison.runs.stream().map(Comparison.Run::workload).distinct().toList();
        List<String> names = workloads.stream().map(w -> w.name().toLowerCase()).toList();
        for (Comparison.Relay relay : Comparison.Relay.values()) {
            List<Double> rates = new ArrayList<>();
            boolean any = false;
            for (Comparison.Workload w : workloads) {
                Comparison.Run run = comparison.find(w, relay);
                rates.add(run == null ? 0.0 : run.steadyPerSecond());
                any |= run != null;
            }
            if (any) {
                chart.addSeries(relay.title, names, rates);
            }
        }
        return chart;
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
