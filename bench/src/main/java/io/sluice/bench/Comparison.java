package io.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.sluice.bench.relays.NullRelay;
import io.sluice.bench.relays.StandardPipeline;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.process.AppProcess;

/**
 * Sluice side by side with the standard pipeline (Debezium embedded + outbox {@code EventRouter} + JSON converters
 * + a producer) and the null relay (pgoutput bytes straight to a producer), in the same run, on the same workloads:
 * for each relay a fresh database, a backlog the relay starts cold on (first seconds of a fresh JVM), a warm-up until
 * its JIT compilation settled, then a measured backlog in steady state (events/s, CPU per event of the relay and the
 * broker), and commit → Kafka latency at a fixed rate.
 */
final class Comparison {

    /** Volumes of the comparison, in events (legacy: orders, 3 rows each). */
    record Volumes(int coldEvents, Duration coldWindow, Duration maxWarmUp, int steadyEvents, double latencyRate, Duration latencyStep) {
        static final Volumes FULL = new Volumes(700_000, Duration.ofSeconds(30), Duration.ofSeconds(90), 300_000, 2_000,
                Duration.ofSeconds(30));
        static final Volumes QUICK = new Volumes(40_000, Duration.ofSeconds(10), Duration.ofSeconds(20), 30_000, 2_000,
                Duration.ofSeconds(8));
    }

    enum Workload {
        OUTBOX_10("outbox events, 10 per transaction", 1.0), OUTBOX_100("outbox events, 100 per transaction", 1.0), LEGACY(
                "mapped legacy OrderPlaced (header + 2 lines per transaction)", 1 / 3.0), WIDE("wide table, 60 columns, 6 mapped", 0.5);

        final String title;
        final double scale;

        Workload(String title, double scale) {
            this.title = title;
            this.scale = scale;
        }

        static Workload named(String name) {
            return switch (name) {
                case "outbox10" -> OUTBOX_10;
                case "outbox100" -> OUTBOX_100;
                case "legacy" -> LEGACY;
                case "wide" -> WIDE;
                default -> throw new IllegalArgumentException("unknown workload " + name + ": outbox10, outbox100, legacy, wide");
            };
        }
    }

    enum Relay {
        SLUICE("Sluice"), SLUICE_AT_LEAST_ONCE("Sluice, at-least-once"), SLUICE_B("Sluice B (A/B variant)"), STANDARD(
                "standard pipeline"), NULL("null relay");

        final String title;

        Relay(String title) {
            this.title = title;
        }
    }

    /** What one relay did on one workload; rates in events/s (legacy: orders/s), CPU in µs per event. */
    record Run(Workload workload, Relay relay, double coldPerSecond, long firstEventMillis, double jitSettledSeconds,
            double compileShareFirst30s, double steadyPerSecond, double relayCpu, double brokerCpu, Results.LoadPoint latency,
            CpuSplit latencyCpu) {
    }

    private final Bench bench;
    private final Volumes volumes;
    /**
     * An A/B variant of Sluice measured right after it on every workload (null: none): another packaged relay
     * ({@code --b-jar=<quarkus-app dir>}) and/or other settings ({@code --b-env=KEY=value;KEY=value}).
     */
    private Path variantJar;
    private final Map<String, String> variantEnv = new LinkedHashMap<>();
    private boolean variant;
    /** Only Sluice and its variant (for tuning). */
    boolean abOnly;

    /** Sets the A/B variant of Sluice (see {@link Relay#SLUICE_B}). */
    void variant(Path quarkusApp, String env) {
        variantJar = quarkusApp;
        if (env != null && !env.isBlank()) {
            for (String pair : env.split(";")) {
                variantEnv.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        variant = quarkusApp != null || !variantEnv.isEmpty();
        if (variant) {
            System.out.println(
                    "sluice-bench: A/B variant \"Sluice B\": " + (quarkusApp == null ? "same relay" : quarkusApp) + " " + variantEnv);
        }
    }
    final List<Run> runs = new ArrayList<>();
    /**
     * Debezium's own ceiling per workload: the embedded engine with the relay's settings and a no-op handler, all columns
     * captured. Rates per unit (legacy: orders, 3 row changes each), CPU in µs per unit.
     */
    record Ceiling(double perSecond, double cpu) {
    }

    final Map<Workload, Ceiling> debeziumNoop = new java.util.EnumMap<>(Workload.class);

    Comparison(Bench bench, Volumes volumes) {
        this.bench = bench;
        this.volumes = volumes;
    }

    void run(List<Workload> workloads, boolean atLeastOnce) throws Exception {
        for (Workload workload : workloads) {
            List<Relay> relays = new ArrayList<>(List.of(Relay.SLUICE, Relay.STANDARD, Relay.NULL));
            if (workload == Workload.OUTBOX_10 && atLeastOnce) {
                relays.add(1, Relay.SLUICE_AT_LEAST_ONCE);
            }
            if (variant) {
                relays.add(1, Relay.SLUICE_B);
                if (abOnly) {
                    relays.retainAll(List.of(Relay.SLUICE, Relay.SLUICE_B));
                }
            }
            for (Relay relay : relays) {
                bench.progress("comparison, " + workload.title + ": " + relay.title);
                runs.add(measure(workload, relay));
            }
            if (!abOnly) {
                debeziumNoop(workload);
            }
            printRatios(workload);
        }
    }

    // ---------------------------------------------------------------- latency A/B, interleaved

    /**
     * Sluice and its variant both running, warm, each on its own database; latency steps at the fixed rate taken in
     * turn (A, B, B, A, ...) so that both see the same machine, the histograms of each side merged. On a shared
     * machine this is the fair way to compare latencies: a sequential A/B compares two different moments.
     */
    void latencyAb(int rounds) throws Exception {
        if (!variant) {
            throw new IllegalStateException("--latency-ab needs a variant: --b-env=... or --b-jar=...");
        }
        Map<Relay, Target> targets = new LinkedHashMap<>();
        Map<Relay, Started> relays = new LinkedHashMap<>();
        Map<Relay, org.HdrHistogram.Histogram> latencies = new LinkedHashMap<>();
        Map<Relay, double[]> cpu = new LinkedHashMap<>();
        CpuSplit idle = null;
        try {
            for (Relay relay : List.of(Relay.SLUICE, Relay.SLUICE_B)) {
                bench.progress("latency A/B: starting and warming " + relay.title);
                String token = (relay == Relay.SLUICE ? "lata" : "latb") + "_" + UUID.randomUUID().toString().substring(0, 6);
                Target target = prepare(Workload.OUTBOX_10, relay, token, database(Workload.OUTBOX_10, token));
                bench.topics().create(target.topics.toArray(String[]::new));
                Started started = start(relay, target, Workload.OUTBOX_10, "latency");
                targets.put(relay, target);
                relays.put(relay, started);
                int warm = (int) (volumes.steadyEvents() * Workload.OUTBOX_10.scale);
                try (TopicTail tail = new TopicTail(bench.infra().kafkaBootstrap(), target.topics)) {
                    insert(Workload.OUTBOX_10, target, warm);
                    await(tail, warm, relay, "warm-up");
                }
                latencies.put(relay, new org.HdrHistogram.Histogram(3));
                cpu.put(relay, new double[3]);
            }
            bench.progress("latency A/B: " + rounds + " rounds of " + volumes.latencyStep().toSeconds() + " s at "
                    + Math.round(volumes.latencyRate())
                    + " events/s, A and B in turn");
            for (int round = 0; round < rounds; round++) {
                List<Relay> order = round % 2 == 0 ? List.of(Relay.SLUICE, Relay.SLUICE_B) : List.of(Relay.SLUICE_B, Relay.SLUICE);
                for (Relay relay : order) {
                    Target target = targets.get(relay);
                    String aggregate = target.latencyAggregate + round;
                    bench.topics().create(aggregate + ".events");
                    Map<String, Long> processes = new LinkedHashMap<>();
                    processes.put(Bench.CPU_RELAY, relays.get(relay).pid());
                    processes.put(Bench.CPU_BROKER, bench.infra().kafka().filter(KafkaBroker::isRunning).map(KafkaBroker::pid).orElse(-1L));
                    CpuSplit.Meter meter = CpuSplit.start(processes);
                    Results.LoadPoint point = bench.offer(target.db, aggregate, aggregate + ".events", volumes.latencyRate(),
                            volumes.latencyStep());
                    CpuSplit split = meter.stop(point.received());
                    latencies.get(relay).add(point.append());
                    double[] sums = cpu.get(relay);
                    sums[0] += split.microsPerEvent().get(Bench.CPU_RELAY) * point.received();
                    sums[1] += split.microsPerEvent().get(Bench.CPU_BROKER) * point.received();
                    sums[2] += point.received();
                }
            }
            bench.progress("latency A/B: both relays idle for " + IDLE_WINDOW.toSeconds() + " s");
            idle = idleCpu(relays);
        } finally {
            relays.values().forEach(Started::stop);
        }
        System.out.println();
        for (Relay relay : latencies.keySet()) {
            org.HdrHistogram.Histogram h = latencies.get(relay);
            double[] sums = cpu.get(relay);
            System.out.printf(
                    "  %-24s commit→Kafka p50 %d / p90 %d / p99 %d / max %d ms over %,d events; CPU µs/event relay %.1f, broker %.1f%n",
                    relay.title, h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue(),
                    h.getTotalCount(), sums[0] / sums[2], sums[1] / sums[2]);
        }
        if (idle != null) {
            CpuSplit measured = idle;
            System.out.printf("  idle (no source writes, %.0f s, both relays at once): CPU %% of one core, %s%n", measured.seconds(),
                    String.join(", ", measured.microsPerEvent().entrySet().stream()
                            .map(e -> String.format("%s %.2f %%", e.getKey(), e.getValue() / (measured.seconds() * 1e4))).toList()));
        }
    }

    /**
     * CPU of both warm relays while the source is idle (heartbeats only), over the same seconds: what polling costs a relay
     * that waits. Per "event" of the split is per window here (one event), so its micros are the window's CPU time.
     */
    private static CpuSplit idleCpu(Map<Relay, Started> relays) throws InterruptedException {
        Map<String, Long> processes = new LinkedHashMap<>();
        relays.forEach((relay, started) -> processes.put(relay.title, started.pid()));
        CpuSplit.Meter meter = CpuSplit.start(processes);
        Thread.sleep(IDLE_WINDOW.toMillis()); // a measuring window: nothing to wait for
        return meter.stop(1);
    }

    /** How long {@link #latencyAb} measures both relays idle. */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(15);

    // ---------------------------------------------------------------- one relay on one workload

    private Run measure(Workload workload, Relay relay) throws Exception {
        String token = relay.name().toLowerCase().replace("_", "").substring(0, Math.min(6, relay.name().length())) + "_"
                + UUID.randomUUID().toString().substring(0, 6);
        Target target = prepare(workload, relay, token, database(workload, token));
        bench.topics().create(target.topics.toArray(String[]::new));
        Started started = start(relay, target, workload, "first"); // creates the slot and publication, then stops
        started.stop();

        int cold = (int) (volumes.coldEvents() * workload.scale);
        int units = cold;
        insert(workload, target, units);
        int perUnit = recordsPerUnit(workload, relay);
        try (TopicTail tail = new TopicTail(bench.infra().kafkaBootstrap(), target.topics)) {
            long launched = System.currentTimeMillis();
            started = start(relay, target, workload, "cold");
            JitMonitor jit = new JitMonitor(started.pid(), launched);
            int expected = units * perUnit;
            await(tail, expected, relay, "cold backlog");
            long[] coldTimes = tail.appendTimes(0, expected);
            long firstMillis = coldTimes[0] - launched;
            double coldRate = windowRate(coldTimes, volumes.coldWindow()) / perUnit;
            System.out.printf("  cold: first event %,d ms after launch; %,.0f /s in the first %d s%n  a record: %s%n", firstMillis,
                    coldRate,
                    volumes.coldWindow().toSeconds(), tail.sample());

            // warm-up: more backlog until the JIT has settled (or the cap)
            long warmStarted = System.currentTimeMillis();
            int chunk = (int) Math.max(2_000, coldRate * 5);
            while (jit.settledSeconds() < 0 && System.currentTimeMillis() - warmStarted < volumes.maxWarmUp().toMillis()) {
                insert(workload, target, chunk);
                expected += chunk * perUnit;
                await(tail, expected, relay, "warm-up");
            }
            jit.warmUpOver();
            double settled = jit.settledSeconds();

            // steady state
            int steady = (int) (volumes.steadyEvents() * workload.scale);
            Map<String, Long> processes = new LinkedHashMap<>();
            processes.put(Bench.CPU_RELAY, started.pid());
            processes.put(Bench.CPU_BROKER, bench.infra().kafka().filter(KafkaBroker::isRunning).map(KafkaBroker::pid).orElse(-1L));
            CpuSplit.Meter cpu = CpuSplit.start(processes);
            int before = expected;
            insert(workload, target, steady);
            expected += steady * perUnit;
            await(tail, expected, relay, "steady backlog");
            CpuSplit split = cpu.stop(steady);
            long[] steadyTimes = tail.appendTimes(before, expected);
            double steadyRate = steady / Math.max(0.001, (max(steadyTimes) - min(steadyTimes)) / 1000.0);
            System.out.printf("  steady: %,.0f /s; CPU %s%n", steadyRate, split.summary());
            // closed after the steady drain, not once settled: a relay that settles within 30 s of its launch still gets its
            // compilers' share of the first 30 s (the monitor reads /proc once a second)
            jit.print("the relay's", volumes.maxWarmUp());
            jit.close();

            Results.LoadPoint latency = null;
            CpuSplit latencyCpu = null;
            if (relay != Relay.NULL && (workload == Workload.OUTBOX_10)) {
                CpuSplit.Meter light = CpuSplit.start(processes);
                latency = bench.offer(target.db, target.latencyAggregate, target.latencyTopic, volumes.latencyRate(),
                        volumes.latencyStep());
                latencyCpu = light.stop(latency.received());
                System.out.printf("  at %,.0f events/s: CPU %s%n", volumes.latencyRate(), latencyCpu.summary());
            }
            started.stop();
            bench.dropSlots(target.db);
            return new Run(workload, relay, coldRate, firstMillis, settled, jit.compileShareFirst30s(), steadyRate,
                    split.microsPerEvent().get(Bench.CPU_RELAY), split.microsPerEvent().get(Bench.CPU_BROKER), latency, latencyCpu);
        }
    }

    private void await(TopicTail tail, int expected, Relay relay, String what) throws InterruptedException {
        if (!tail.await(expected, Duration.ofMinutes(10))) {
            throw new IllegalStateException(relay.title + ": only " + tail.count() + " of " + expected + " records of the " + what
                    + " arrived within 10 min; see " + bench.work());
        }
    }

    /** Events in the first {@code window} from the first append, per second; if all came sooner, first to last. */
    static double windowRate(long[] times, Duration window) {
        long first = min(times);
        long last = max(times);
        if (last - first < window.toMillis()) {
            return times.length / Math.max(0.001, (last - first) / 1000.0);
        }
        long end = first + window.toMillis();
        long in = 0;
        for (long t : times) {
            in += t < end ? 1 : 0;
        }
        return in / (window.toMillis() / 1000.0);
    }

    private static long min(long[] values) {
        long min = Long.MAX_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    private static long max(long[] values) {
        long max = Long.MIN_VALUE;
        for (long v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** Records on Kafka per unit of the workload: the standard and null relays publish each legacy row. */
    private static int recordsPerUnit(Workload workload, Relay relay) {
        return workload == Workload.LEGACY && (relay == Relay.STANDARD || relay == Relay.NULL) ? 3 : 1;
    }

    // ---------------------------------------------------------------- workloads

    /** A fresh database for one relay on one workload, and the topics its events go to. */
    record Target(String db, String aggregate, List<String> topics, String latencyAggregate, String latencyTopic, Path mappings) {
    }

    /** A fresh database with the workload's tables (outbox: the relay's migrations; legacy: the OMS schema and 100 customers). */
    private String database(Workload workload, String token) throws Exception {
        String db;
        switch (workload) {
            case OUTBOX_10, OUTBOX_100 -> db = bench.database("cmp_" + token);
            case LEGACY -> {
                db = bench.emptyDatabase("cmp_" + token);
                io.sluice.testkit.oms.LegacyOms.migrate(bench.infra().jdbcUrl(db), bench.infra().user(), bench.infra().password());
                bench.sql(db, "INSERT INTO \"OMS\".\"CUSTMST\" (\"CUST_NO\", \"CUST_NM\", \"ACTV_FLG\", \"CRT_DT\") "
                        + "SELECT 'B' || lpad(i::text, 9, '0'), 'BENCH CUSTOMER ' || i, 'Y', '20200101' FROM generate_series(1, 100) i");
            }
            case WIDE -> {
                db = bench.emptyDatabase("cmp_" + token);
                bench.sql(db, "CREATE SCHEMA bench; " + wideTableDdl());
            }
            default -> throw new IllegalStateException();
        }
        return db;
    }

    private Target prepare(Workload workload, Relay relay, String token, String db) throws Exception {
        String aggregate = "a" + token.replace("_", "");
        String latencyAggregate = aggregate + "lat";
        List<String> topics = new ArrayList<>();
        Path mappings = null;
        switch (relay) {
            case NULL -> {
                topics.add(db + ".null");
                bench.sql(db, "CREATE PUBLICATION " + db + "_pub FOR TABLE " + switch (workload) {
                    case OUTBOX_10, OUTBOX_100 -> "sluice.outbox_event";
                    case LEGACY -> "\"OMS\".\"ORDHDR\", \"OMS\".\"ORDLIN\"";
                    case WIDE -> "bench.wide";
                });
                bench.sql(db, "SELECT pg_create_logical_replication_slot('" + db + "', 'pgoutput')");
            }
            case STANDARD -> {
                switch (workload) {
                    case OUTBOX_10, OUTBOX_100 -> topics.add(aggregate + ".events");
                    case LEGACY -> topics.addAll(List.of(db + ".OMS.ORDHDR", db + ".OMS.ORDLIN"));
                    case WIDE -> topics.add(db + ".bench.wide");
                }
            }
            case SLUICE, SLUICE_AT_LEAST_ONCE, SLUICE_B -> {
                switch (workload) {
                    case OUTBOX_10, OUTBOX_100 -> topics.add(aggregate + ".events");
                    case LEGACY -> {
                        topics.add(db + ".orders.events");
                        mappings = bench.root().resolve("outbox-relay/mappings");
                    }
                    case WIDE -> {
                        topics.add(db + ".wide.events");
                        mappings = Files.createDirectories(bench.work().resolve("wide-mappings"));
                        Files.writeString(mappings.resolve("wide.yaml"), WIDE_MAPPING);
                    }
                }
            }
        }
        String latencyTopic = latencyAggregate + ".events";
        if (workload == Workload.OUTBOX_10 && relay != Relay.NULL) {
            bench.topics().create(latencyTopic);
        }
        if (mappings == null) {
            mappings = Files.createDirectories(bench.work().resolve("no-mappings"));
        }
        return new Target(db, aggregate, topics, latencyAggregate, latencyTopic, mappings);
    }

    private void insert(Workload workload, Target target, int units) throws Exception {
        switch (workload) {
            case OUTBOX_10 -> bench.insertOutboxBacklog(target.db, units, target.aggregate, 10);
            case OUTBOX_100 -> bench.insertOutboxBacklog(target.db, units, target.aggregate, 100);
            case LEGACY -> bench.insertOrders(target.db, units);
            case WIDE -> bench.sql(target.db, wideInsert(units));
        }
    }

    /** 60 columns: the id and 59 of text, integer, numeric, timestamptz, boolean and date, in turn. */
    static String wideTableDdl() {
        StringBuilder ddl = new StringBuilder("CREATE TABLE bench.wide (id bigint PRIMARY KEY");
        for (int c = 1; c < 60; c++) {
            ddl.append(", c").append(String.format("%02d", c)).append(' ').append(WIDE_TYPES[c % WIDE_TYPES.length]);
        }
        return ddl.append(")").toString();
    }

    private static final String[] WIDE_TYPES = {"text", "integer", "numeric(12,2)", "timestamptz", "boolean", "date"};
    private static final String[] WIDE_VALUES = {"'value ' || i || ' of a legacy column'", "i", "i * 1.25", "now()", "i % 2 = 0",
            "current_date"};

    /** {@code rows} rows in transactions of 10, server-side, ids after the highest so far. */
    static String wideInsert(int rows) {
        StringBuilder values = new StringBuilder("b + i");
        for (int c = 1; c < 60; c++) {
            values.append(", ").append(WIDE_VALUES[c % WIDE_VALUES.length]);
        }
        return """
                DO $$
                DECLARE b bigint;
                BEGIN
                  SELECT coalesce(max(id), 0) INTO b FROM bench.wide;
                  FOR i IN 1..%d LOOP
                    INSERT INTO bench.wide VALUES (%s);
                    IF i %% 10 = 0 THEN COMMIT; END IF;
                  END LOOP;
                END $$""".formatted(rows, values);
    }

    /** The wide table's mapping: 6 of its 60 columns make an event. */
    static final String WIDE_MAPPING = """
            # bench: a wide legacy table (60 columns) of which an event needs 6
            table: bench.wide
            aggregate: wide
            key: [id]

            fields:
              id:       { column: id, convert: string }
              name:     { column: c06, convert: trim }
              quantity: { column: c01 }
              price:    { column: c02 }
              at:       { column: c03 }
              flag:     { column: c04 }

            events:
              - type: WideRowInserted
                version: 1
                on: insert
                fields: [id, name, quantity, price, at, flag]
            """;

    // ---------------------------------------------------------------- starting the relays

    private interface Started {
        long pid();

        void stop();
    }

    private Started start(Relay relay, Target target, Workload workload, String phase) throws Exception {
        String name = relay.name().toLowerCase() + "-" + workload.name().toLowerCase() + "-" + phase;
        Path log = bench.work().resolve(name + ".log");
        List<String> jvm = List.of("-Xmx1g"); // the relays' heap in the measurements
        switch (relay) {
            case SLUICE, SLUICE_AT_LEAST_ONCE, SLUICE_B -> {
                String pattern = workload == Workload.OUTBOX_10 || workload == Workload.OUTBOX_100
                        ? "{aggregate}.events"
                        : target.db + ".{aggregate}.events";
                Map<String, String> env = bench.relayEnv(target.db, target.mappings, pattern);
                if (relay == Relay.SLUICE_AT_LEAST_ONCE) {
                    env.put("SLUICE_DELIVERY", "at-least-once"); // the delivery mode key (exactly-once by default)
                    env.put("SLUICE_PUBLISH_TRANSACTIONS", "false"); // its predecessor; whichever the relay knows applies
                }
                Path app0 = bench.root().resolve("outbox-relay/target/quarkus-app");
                if (relay == Relay.SLUICE_B) {
                    env.putAll(variantEnv);
                    app0 = variantJar != null ? variantJar : app0;
                }
                AppProcess app = AppProcess.of(name, app0.resolve("quarkus-run.jar"), env,
                        log, io.sluice.testkit.Ports.free()).withMaxHeap("1g").start().awaitReady(Duration.ofSeconds(120));
                return new Started() {
                    public long pid() {
                        return app.pid();
                    }

                    public void stop() {
                        app.stop();
                    }
                };
            }
            case STANDARD -> {
                Path settings = bench.work().resolve("standard-" + target.db + ".properties");
                try (var out = Files.newOutputStream(settings)) {
                    standardSettings(target, workload).store(out, "standard pipeline");
                }
                ChildJvm child = ChildJvm.start(name, jvm, StandardPipeline.class,
                        List.of(settings.toString(), bench.infra().kafkaBootstrap()),
                        log, Duration.ofMinutes(2));
                return started(child);
            }
            case NULL -> {
                ChildJvm child = ChildJvm.start(name, jvm, NullRelay.class, List.of(bench.infra().jdbcUrl(target.db), bench.infra().user(),
                        bench.infra().password(), target.db, target.db + "_pub", bench.infra().kafkaBootstrap(), target.db + ".null"),
                        log, Duration.ofMinutes(1));
                return started(child);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static Started started(ChildJvm child) {
        return new Started() {
            public long pid() {
                return child.pid();
            }

            public void stop() {
                child.stop();
            }
        };
    }

    /**
     * The standard pipeline's Debezium settings: the engine as the relay runs it (pgoutput, batches of 2,048, poll
     * 10 ms, offsets flushed every second), offsets in a file, and for outbox tables Debezium's {@code EventRouter}
     * routing by aggregate type to {@code <aggregatetype>.events}, its payload expanded to JSON (so that the record
     * value is the same JSON object Sluice publishes). Legacy and wide tables: Debezium's change events as they come.
     */
    private Properties standardSettings(Target target, Workload workload) {
        Properties p = bench.debeziumSettings(target.db);
        p.remove("heartbeat.interval.ms");
        p.remove("heartbeat.action.query");
        p.setProperty("provide.transaction.metadata", "false");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", bench.work().resolve("standard-" + target.db + ".offsets").toString());
        p.setProperty("converter.schemas.enable", "false");
        switch (workload) {
            case OUTBOX_10, OUTBOX_100 -> {
                p.setProperty("transforms", "outbox");
                p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
                p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}.events");
                p.setProperty("transforms.outbox.table.expand.json.payload", "true");
            }
            case LEGACY, WIDE -> includeTables(p, workload);
        }
        return p;
    }

    /** The workload's tables in {@code table.include.list} (the bench's Debezium settings name the outbox table). */
    private static void includeTables(Properties p, Workload workload) {
        switch (workload) {
            case OUTBOX_10, OUTBOX_100 -> p.setProperty("table.include.list", "sluice\\.outbox_event");
            case LEGACY -> p.setProperty("table.include.list", "OMS\\.ORDHDR,OMS\\.ORDLIN");
            case WIDE -> p.setProperty("table.include.list", "bench\\.wide");
        }
    }

    /**
     * Debezium's embedded engine in the bench JVM with the relay's engine settings and a handler that only counts row changes
     * and marks them processed, on the workload's tables with all their columns: the most any relay built on Debezium Embedded
     * can do here, before it publishes anything. A warm-up backlog (the cold volume), then the steady volume committed while it
     * streams.
     */
    private void debeziumNoop(Workload workload) throws Exception {
        bench.progress("comparison, " + workload.title + ": Debezium embedded engine in this JVM, no-op handler, all columns captured");
        String token = "dbz_" + UUID.randomUUID().toString().substring(0, 6);
        String db = database(workload, token);
        Target target = new Target(db, "a" + token.replace("_", ""), List.of(), null, null, null);
        Properties settings = bench.debeziumSettings(db);
        settings.remove("heartbeat.interval.ms");
        settings.remove("heartbeat.action.query");
        includeTables(settings, workload);
        int rowsPerUnit = recordsPerUnit(workload, Relay.STANDARD);
        int warm = (int) (volumes.coldEvents() * workload.scale);
        int steady = (int) (volumes.steadyEvents() * workload.scale);
        Ceiling ceiling;
        try (DebeziumCeiling engine = DebeziumCeiling.start(settings, (warm + steady) * rowsPerUnit)) {
            engine.awaitStreaming(Duration.ofMinutes(2));
            insert(workload, target, warm);
            engine.awaitRows(warm * rowsPerUnit, Duration.ofMinutes(10));
            CpuSplit.Meter cpu = CpuSplit.start(Map.of(Bench.CPU_BENCH_ENGINE, ProcessHandle.current().pid()));
            insert(workload, target, steady);
            engine.awaitRows((warm + steady) * rowsPerUnit, Duration.ofMinutes(10));
            CpuSplit split = cpu.stop(steady);
            double seconds = (engine.arrivalNanos((warm + steady) * rowsPerUnit - 1) - engine.arrivalNanos(warm * rowsPerUnit)) / 1e9;
            ceiling = new Ceiling(steady / Math.max(0.001, seconds), split.microsPerEvent().get(Bench.CPU_BENCH_ENGINE));
        }
        bench.dropSlots(db);
        debeziumNoop.put(workload, ceiling);
        System.out.printf("  %,.0f /s, %.1f µs CPU each%n", ceiling.perSecond(), ceiling.cpu());
    }

    // ---------------------------------------------------------------- ratios

    Run find(Workload workload, Relay relay) {
        return runs.stream().filter(r -> r.workload() == workload && r.relay() == relay).findFirst().orElse(null);
    }

    private void printRatios(Workload workload) {
        Run b = find(workload, Relay.SLUICE_B);
        Run a = find(workload, Relay.SLUICE);
        if (a != null && b != null) {
            System.out.printf("  %s: A/B, Sluice B / Sluice: cold %.2f, steady %.2f, relay CPU %.2f, broker CPU %.2f%s%n", workload.title,
                    b.coldPerSecond() / a.coldPerSecond(), b.steadyPerSecond() / a.steadyPerSecond(), b.relayCpu() / a.relayCpu(),
                    b.brokerCpu() / a.brokerCpu(), a.latency() == null || b.latency() == null
                            ? ""
                            : String.format(", p50 %d vs %d ms, p99 %d vs %d ms", b.latency().append().getValueAtPercentile(50),
                                    a.latency().append().getValueAtPercentile(50), b.latency().append().getValueAtPercentile(99),
                                    a.latency().append().getValueAtPercentile(99)));
        }
        Run sluice = find(workload, Relay.SLUICE);
        Run standard = find(workload, Relay.STANDARD);
        Run none = find(workload, Relay.NULL);
        if (sluice == null || standard == null || none == null) {
            return;
        }
        System.out.printf(
                "  %s: Sluice / standard: cold %.2f, steady %.2f, relay CPU %.2f, broker CPU %.2f; Sluice / null relay: steady %.2f%n",
                workload.title, sluice.coldPerSecond() / standard.coldPerSecond(), sluice.steadyPerSecond() / standard.steadyPerSecond(),
                sluice.relayCpu() / standard.relayCpu(), sluice.brokerCpu() / standard.brokerCpu(),
                sluice.steadyPerSecond() / none.steadyPerSecond());
        Ceiling noop = debeziumNoop.get(workload);
        if (noop != null) {
            System.out.printf(
                    "  %s: Debezium no-op (all columns) / standard: steady %.2f, relay CPU %.2f; Sluice / Debezium no-op: steady %.2f, "
                            + "relay CPU %.2f%n",
                    workload.title, noop.perSecond() / standard.steadyPerSecond(), noop.cpu() / standard.relayCpu(),
                    sluice.steadyPerSecond() / noop.perSecond(), sluice.relayCpu() / noop.cpu());
        }
    }
}
