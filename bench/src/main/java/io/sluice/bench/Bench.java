package io.sluice.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * The benchmark run ({@code bench/run}): baselines (raw pgoutput decoding with pg_recvlogical, the Debezium
 * embedded engine with a no-op handler, raw Kafka producer, COPY), then the packaged relay: backlog throughput
 * for outbox events and mapped legacy changes, where the CPU goes while draining, latency from source commit to
 * Kafka append and to a consumer over offered load, the initial snapshot rate, start-up time and resident
 * memory. Writes {@code bench/results/latest.md} and {@code latest.png}.
 */
public final class Bench {

    /** Volumes of one run. */
    record Volumes(int rawRows, int kafkaRecords, int outboxBacklog, int legacyOrders, int snapshotRows, Duration loadStep) {
    }

    private static final String PAYLOAD_PAD = "x".repeat(200); // ≈ 250-byte JSON payloads, like a small domain event

    private final Volumes volumes;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path work = root.resolve("target/bench");
    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();
    private final Topics topics = new Topics(infra.kafkaBootstrap());
    private final Results results = new Results();
    private int step;
    private int steps = 9;
    private Comparison.Volumes compareVolumes = Comparison.Volumes.FULL;
    private List<Comparison.Workload> workloads = List.of(Comparison.Workload.values());
    private Path variantJar;
    private String variantEnv;
    private boolean atLeastOnce = true;
    private boolean abOnly;

    private Bench(Volumes volumes) {
        this.volumes = volumes;
    }

    SluiceInfrastructure infra() {
        return infra;
    }

    Topics topics() {
        return topics;
    }

    Path work() {
        return work;
    }

    Path root() {
        return root;
    }

    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    public static void main(String[] args) throws Exception {
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        boolean quick = List.of(args).contains("--quick");
        Volumes volumes = quick
                ? new Volumes(20_000, 50_000, 10_000, 2_000, 20_000, Duration.ofSeconds(5))
                : new Volumes(100_000, 200_000, 50_000, 10_000, 200_000, Duration.ofSeconds(15));
        Bench bench = new Bench(volumes);
        bench.compareVolumes = quick ? Comparison.Volumes.QUICK : Comparison.Volumes.FULL;
        List.of(args).stream().filter(a -> a.startsWith("--workloads=")).findFirst()
                .ifPresent(a -> bench.workloads = java.util.Arrays.stream(a.substring(12).split(",")).map(Comparison.Workload::named)
                        .toList());
        List.of(args).stream().filter(a -> a.startsWith("--scale=")).findFirst().ifPresent(a -> {
            double f = Double.parseDouble(a.substring(8));
            Comparison.Volumes v = bench.compareVolumes;
            bench.compareVolumes = new Comparison.Volumes((int) (v.coldEvents() * f), v.coldWindow(), v.maxWarmUp(),
                    (int) (v.steadyEvents() * f),
                    v.latencyRate(), v.latencyStep());
        });
        for (String arg : args) {
            if (arg.startsWith("--b-jar=")) {
                bench.variantJar = Path.of(arg.substring(8)).toAbsolutePath();
            } else if (arg.startsWith("--b-env=")) {
                bench.variantEnv = arg.substring(8);
            } else if (arg.startsWith("--latency-rate=")) {
                Comparison.Volumes v = bench.compareVolumes;
                bench.compareVolumes = new Comparison.Volumes(v.coldEvents(), v.coldWindow(), v.maxWarmUp(), v.steadyEvents(),
                        Double.parseDouble(arg.substring(15)), v.latencyStep());
            } else if (arg.equals("--ab-only")) {
                bench.abOnly = true;
                bench.atLeastOnce = false;
            } else if (arg.equals("--no-at-least-once")) {
                bench.atLeastOnce = false;
            }
        }
        long began = System.nanoTime();
        try {
            String only = List.of(args).stream().filter(a -> a.startsWith("--only=")).map(a -> a.substring(7)).findFirst().orElse(null);
            if (only != null) {
                bench.runOnly(only);
            } else {
                bench.run();
            }
        } finally {
            SluiceInfrastructure.shared().stop();
            System.out.printf("%nsluice-bench: took %.1f min%n", seconds(began) / 60);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        results.machine = Machine.describe();
        results.volumes = volumes;
        rawDecoding();
        debeziumCeiling();
        rawProducer();
        outboxThroughputAndStartup();
        latencyOverLoad();
        legacyThroughput();
        snapshot();
        comparison();
        try {
            mariadb();
        } catch (io.sluice.testkit.InfrastructureException e) { // no MariaDB binaries here: the PostgreSQL figures still count
            System.out.println("  MariaDB path skipped: " + e.getMessage());
        }
        results.write(root.resolve("bench/results"));
        System.out.println("\nsluice-bench: results in " + root.resolve("bench/results/latest.md") + " and latest.png");
    }

    /**
     * For tuning: only the relay's measures named ({@code outbox} = start-up, memory and outbox drain; {@code latency}
     * = outbox drain then latency over load; {@code legacy}; {@code snapshot}), printed, with no results written.
     */
    private void runOnly(String measures) throws Exception {
        Files.createDirectories(work);
        List<String> named = List.of(measures.split(","));
        steps = named.size() - (named.contains("compare") ? 1 : 0) - (named.contains("mariadb") ? 1 : 0);
        if (named.contains("latency-ab")) {
            Comparison comparison = new Comparison(this, compareVolumes);
            comparison.variant(variantJar, variantEnv);
            steps = 3;
            comparison.latencyAb(6);
        }
        if (named.contains("compare") || named.contains("mariadb")) {
            results.machine = Machine.describe();
            results.volumes = volumes;
            if (named.contains("compare")) {
                comparison();
            }
            if (named.contains("mariadb")) {
                mariadb();
            }
            results.write(work.resolve("results"));
            System.out.println("\nsluice-bench: " + (named.contains("compare") ? "comparison" : "MariaDB path") + " written to "
                    + work.resolve("results/latest.md") + " (bench/results untouched)");
        }
        if (named.contains("outbox") || named.contains("latency")) {
            outboxThroughputAndStartup();
            if (named.contains("latency")) {
                latencyOverLoad();
            } else {
                outboxRelay.stop();
            }
        }
        if (named.contains("legacy")) {
            legacyThroughput();
        }
        if (named.contains("snapshot")) {
            snapshot();
        }
    }

    void progress(String what) {
        System.out.printf("%n[bench %d/%d, %tT] %s%n", ++step, Math.max(step, steps), new java.util.Date(), what);
    }

    /** Sluice, the standard pipeline and the null relay side by side (see {@link Comparison}). */
    private void comparison() throws Exception {
        steps += workloads.size() * (abOnly ? 2 : variantJar != null || variantEnv != null ? 4 : 3)
                + (atLeastOnce && !abOnly && workloads.contains(Comparison.Workload.OUTBOX_10) ? 1 : 0)
                + (abOnly ? 0 : workloads.size()); // Debezium's no-op ceiling per workload
        Comparison comparison = new Comparison(this, compareVolumes);
        comparison.variant(variantJar, variantEnv);
        comparison.abOnly = abOnly;
        comparison.run(workloads, atLeastOnce);
        results.comparison = comparison;
        results.compareVolumes = compareVolumes;
    }

    /**
     * The MariaDB path: Sluice on a private MariaDB against the raw binlog read and Debezium's no-op (see {@link MariaDbPath}),
     * on the workloads it knows of those chosen.
     */
    private void mariadb() throws Exception {
        List<Comparison.Workload> chosen = workloads.stream().filter(MariaDbPath.WORKLOADS::contains).toList();
        steps += chosen.size() * 2;
        MariaDbPath path = new MariaDbPath(this, compareVolumes);
        path.run(chosen);
        results.mariadb = path;
        results.compareVolumes = compareVolumes;
    }

    // ---------------------------------------------------------------- baselines

    private void rawDecoding() throws Exception {
        progress("raw logical decoding: " + volumes.rawRows()
                + " outbox rows in transactions of 10, read back with pg_recvlogical (pgoutput)");
        String db = database("bench_raw");
        sql(db, "CREATE PUBLICATION bench_pub FOR TABLE sluice.outbox_event");
        sql(db, "SELECT pg_create_logical_replication_slot('bench_raw', 'pgoutput')");
        long started = System.nanoTime();
        insertOutboxBacklog(db, volumes.rawRows(), "bench");
        results.pgInsertRowsPerSecond = volumes.rawRows() / seconds(started);
        String endLsn = query(db, "SELECT pg_current_wal_lsn()::text");
        Path recvlogical = pgBinary("pg_recvlogical");
        ProcessBuilder decode = new ProcessBuilder(recvlogical.toString(), "-h", "127.0.0.1", "-p", port(db), "-U", infra.user(),
                "-d", db, "--slot", "bench_raw", "--start", "--endpos", endLsn, "-o", "proto_version=1",
                "-o", "publication_names=bench_pub", "--no-loop", "-f", "/dev/null").redirectErrorStream(true)
                .redirectOutput(work.resolve("pg_recvlogical.log").toFile());
        decode.environment().put("PGPASSWORD", infra.password());
        started = System.nanoTime();
        Process process = decode.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("pg_recvlogical failed: " + Files.readString(work.resolve("pg_recvlogical.log")));
        }
        results.rawDecodingRowsPerSecond = volumes.rawRows() / seconds(started);
        System.out.printf("  PostgreSQL took the rows at %,.0f rows/s; pgoutput decoded them at %,.0f rows/s%n",
                results.pgInsertRowsPerSecond, results.rawDecodingRowsPerSecond);
    }

    /**
     * The same workload as raw decoding, through the Debezium embedded engine in this JVM with the relay's settings
     * and a handler that only counts: the ceiling of any relay built on it. As in the outbox drain, the backlog is
     * committed while the engine streams, after a warm-up backlog.
     */
    private void debeziumCeiling() throws Exception {
        progress("Debezium embedded engine in this JVM, no-op handler: " + volumes.rawRows()
                + " outbox rows in transactions of 10, streamed");
        String db = database("bench_dbz");
        int warm = Math.max(5_000, volumes.rawRows() / 5);
        try (DebeziumCeiling engine = DebeziumCeiling.start(debeziumSettings(db), warm + volumes.rawRows())) {
            results.debeziumStartupMillis = engine.awaitStreaming(Duration.ofMinutes(2));
            insertOutboxBacklog(db, warm, "benchdbz"); // warm-up: the JIT compiles the engine's hot path first
            engine.awaitRows(warm, Duration.ofMinutes(5));

            Map<String, Long> processes = new LinkedHashMap<>();
            processes.put(CPU_BENCH_ENGINE, ProcessHandle.current().pid());
            processes.put(CPU_WALSENDER, walsenderPid(db, db));
            CpuSplit.Meter cpu = CpuSplit.start(processes);
            insertOutboxBacklog(db, volumes.rawRows(), "benchdbz");
            long committed = System.nanoTime();
            engine.awaitRows(warm + volumes.rawRows(), Duration.ofMinutes(10));
            results.debeziumCpu = cpu.stop(volumes.rawRows());

            long first = engine.arrivalNanos(warm);
            long last = engine.arrivalNanos(warm + volumes.rawRows() - 1);
            results.debeziumNoopRowsPerSecond = volumes.rawRows() / Math.max(0.001, (last - first) / 1e9);
            int afterCommit = 0;
            for (int n = warm; n < warm + volumes.rawRows(); n++) {
                afterCommit += engine.arrivalNanos(n) > committed ? 1 : 0;
            }
            results.debeziumNoopCommittedRowsPerSecond = afterCommit / Math.max(0.001, (last - committed) / 1e9);
        }
        System.out.printf("  streaming %,d ms after the engine started; %,.0f rows/s first to last row change (%.2f of raw decoding), "
                + "%,.0f rows/s once the backlog was committed%n", results.debeziumStartupMillis, results.debeziumNoopRowsPerSecond,
                results.debeziumNoopRowsPerSecond / results.rawDecodingRowsPerSecond, results.debeziumNoopCommittedRowsPerSecond);
        System.out.println("  CPU " + results.debeziumCpu.summary());
    }

    /**
     * The relay's Debezium settings ({@code outbox-relay}'s {@code DebeziumSettings} with its defaults) for the outbox
     * table alone, offsets in memory, no signals. The slot, named after the database, is created when the engine starts.
     */
    Properties debeziumSettings(String db) {
        java.net.URI url = java.net.URI.create(infra.jdbcUrl(db).substring("jdbc:".length()));
        Properties p = new Properties();
        p.setProperty("name", "bench-" + db);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", db);
        p.setProperty("database.hostname", url.getHost());
        p.setProperty("database.port", Integer.toString(url.getPort()));
        p.setProperty("database.dbname", db);
        p.setProperty("database.user", infra.user());
        p.setProperty("database.password", infra.password());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", db);
        p.setProperty("publication.name", db + "_pub");
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", "sluice\\.outbox_event");
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("offset.flush.timeout.ms", "10000");
        p.setProperty("poll.interval.ms", "10");
        p.setProperty("max.batch.size", "2048");
        p.setProperty("max.queue.size", "8192");
        p.setProperty("heartbeat.interval.ms", "10000");
        p.setProperty("heartbeat.action.query", "INSERT INTO sluice.heartbeat (id, last_beat) VALUES (1, now()) "
                + "ON CONFLICT (id) DO UPDATE SET last_beat = EXCLUDED.last_beat");
        return p;
    }

    private void rawProducer() throws Exception {
        progress("raw Kafka producer: " + volumes.kafkaRecords()
                + " records like Sluice's (≈ 250-byte value, CloudEvents headers), acks=all, idempotent");
        topics.create("bench.raw");
        byte[] value = ("{\"orderId\":\"100001\",\"n\":1,\"pad\":\"" + PAYLOAD_PAD + "\"}").getBytes();
        long started;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
                "acks", "all", "enable.idempotence", "true", "linger.ms", "5", "batch.size", "131072"),
                new StringSerializer(), new ByteArraySerializer())) {
            started = System.nanoTime();
            for (int i = 0; i < volumes.kafkaRecords(); i++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>("bench.raw", "A-" + (i % 100), value);
                record.headers().add("ce_id", UUID.randomUUID().toString().getBytes()).add("ce_type", "BenchEvent".getBytes())
                        .add("ce_source", "sluice/bench/sluice.outbox_event".getBytes()).add("ce_specversion", "1.0".getBytes())
                        .add("ce_time", "2026-11-25T10:15:30.123Z".getBytes()).add("content-type", "application/json".getBytes())
                        .add("ce_sourceposition", "0/1A2B3C4D".getBytes()).add("ce_txid", "123456".getBytes());
                producer.send(record);
            }
            producer.flush();
        }
        results.rawProducerRecordsPerSecond = volumes.kafkaRecords() / seconds(started);
        System.out.printf("  %,.0f records/s acknowledged%n", results.rawProducerRecordsPerSecond);
    }

    // ---------------------------------------------------------------- Sluice

    private AppProcess outboxRelay;
    private String outboxDb;

    private void outboxThroughputAndStartup() throws Exception {
        progress("Sluice, outbox events: start-up, then a backlog of " + volumes.outboxBacklog() + " events drained");
        outboxDb = database("bench_outbox");
        topics.create("benchout.events");
        Path noMappings = Files.createDirectories(work.resolve("no-mappings"));
        Map<String, String> env = relayEnv(outboxDb, noMappings, "{aggregate}.events");
        outboxRelay = relay("relay-outbox", env); // cold: creates slot, publication, offsets
        outboxRelay.stop();
        long started = System.nanoTime();
        outboxRelay = relay("relay-outbox", env); // a restart, as after a deploy
        results.startupMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(3000);
        results.rssAtRestMiB = Machine.rssMiB(outboxRelay.pid());
        outboxRelay.stop();

        outboxRelay = relay("relay-outbox", env);
        // warm-up: the JIT compiles the hot path on a first backlog, as it would within seconds in production
        int warm = Math.max(5_000, volumes.outboxBacklog() / 5);
        insertOutboxBacklog(outboxDb, warm, "benchout");
        drain("benchout.events", warm, 0);

        // the measured backlog: committed far faster than any relay can publish, while the relay runs
        AtomicLong peakRss = new AtomicLong();
        Thread sampler = rssSampler(outboxRelay, peakRss);
        Map<String, Long> processes = new LinkedHashMap<>();
        processes.put(CPU_RELAY, outboxRelay.pid());
        processes.put(CPU_WALSENDER, walsenderPid(outboxDb, outboxDb));
        processes.put(CPU_BROKER, infra.kafka().filter(KafkaBroker::isRunning).map(KafkaBroker::pid).orElse(-1L));
        processes.put(CPU_BENCH_CONSUMER, ProcessHandle.current().pid());
        CpuSplit.Meter cpu = CpuSplit.start(processes);
        insertOutboxBacklog(outboxDb, volumes.outboxBacklog(), "benchout");
        Drain drain = drain("benchout.events", warm + volumes.outboxBacklog(), warm);
        results.outboxDrainCpu = cpu.stop(volumes.outboxBacklog());
        sampler.interrupt();
        results.outboxEventsPerSecond = drain.perSecond();
        results.rssUnderLoadMiB = peakRss.get();
        System.out.printf("  start-up %,d ms to ready; RSS %,d MiB at rest, %,d MiB peak while draining%n", results.startupMillis,
                results.rssAtRestMiB, results.rssUnderLoadMiB);
        System.out.printf("  %,d events drained at %,.0f events/s (first to last Kafka append)%n", drain.count(), drain.perSecond());
        System.out.println("  CPU " + results.outboxDrainCpu.summary());
    }

    private void latencyOverLoad() throws Exception {
        double max = results.pgInsertRowsPerSecond > 0
                ? Math.min(results.outboxEventsPerSecond, results.pgInsertRowsPerSecond)
                : results.outboxEventsPerSecond; // --only: the writer's own limit was not measured
        double[] fractions = {0.1, 0.25, 0.5, 0.75, 1.0, 1.5};
        progress("Sluice, outbox events: latency from commit to Kafka append and to a consumer, at "
                + List.of(10, 25, 50, 75, 100, 150) + "% of " + Math.round(max) + " events/s, " + volumes.loadStep().toSeconds()
                + " s each");
        for (double fraction : fractions) {
            String aggregate = "benchload" + Math.round(fraction * 100);
            topics.create(aggregate + ".events");
            results.load.add(offer(outboxDb, aggregate, aggregate + ".events", max * fraction, volumes.loadStep()));
        }
        outboxRelay.stop();
    }

    /**
     * Writes outbox events of {@code aggregate} into {@code db} at {@code rate} events/s for {@code step} (transactions of
     * 10) and measures latencies from commit to their arrival on {@code topic} (which must exist).
     */
    Results.LoadPoint offer(String db, String aggregate, String topic, double rate, Duration step) throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Topics.Received> arrived = new ConcurrentHashMap<>();
        int events = (int) Math.max(10, Math.round(rate * step.toSeconds()) / 10 * 10);
        String marker = "L" + UUID.randomUUID().toString().substring(0, 6);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            ready.countDown();
            topics.read(topic, events, step.plusSeconds(30), received -> arrived.put(received.id(), received));
        }, "bench-reader");
        reader.start();
        ready.await();
        Thread.sleep(1500); // the reader joins its group and reaches the end of the topic before the writer starts
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(db), infra.user(), infra.password());
                PreparedStatement insert = connection
                        .prepareStatement("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) "
                                + "VALUES (?, ?, ?, 'BenchEvent', CAST(? AS jsonb))")) {
            connection.setAutoCommit(false);
            long periodNanos = (long) (10 * 1e9 / rate);
            long next = System.nanoTime();
            List<String> pending = new ArrayList<>(10);
            for (int i = 0; i < events; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, aggregate);
                insert.setString(3, "A-" + (i % 100));
                insert.setString(4, "{\"orderId\":\"" + marker + i + "\",\"n\":" + i + ",\"pad\":\"" + PAYLOAD_PAD + "\"}");
                insert.executeUpdate();
                pending.add(id.toString());
                if (pending.size() == 10) {
                    connection.commit();
                    long now = System.currentTimeMillis();
                    pending.forEach(p -> committedAt.put(p, now));
                    pending.clear();
                    next += periodNanos;
                    LockSupport.parkNanos(next - System.nanoTime()); // pacing the offered load
                }
            }
        }
        reader.join(step.plusSeconds(40).toMillis());
        Histogram append = new Histogram(3);
        Histogram consume = new Histogram(3);
        long first = Long.MAX_VALUE;
        long last = 0;
        for (Topics.Received received : arrived.values()) {
            Long committed = committedAt.get(received.id());
            if (committed != null) {
                append.recordValue(Math.max(0, received.appendedAt() - committed));
                consume.recordValue(Math.max(0, received.receivedAt() - committed));
                first = Math.min(first, received.appendedAt());
                last = Math.max(last, received.appendedAt());
            }
        }
        double achieved = append.getTotalCount() / Math.max(0.001, (last - first) / 1000.0);
        Results.LoadPoint point = new Results.LoadPoint(rate / Math.max(1, results.outboxEventsPerSecond), rate,
                append.getTotalCount() == events ? achieved : -1,
                events, append.getTotalCount(), append, consume);
        System.out.printf("  offered %,.0f/s: %s%n", rate, point.summary());
        return point;
    }

    private void legacyThroughput() throws Exception {
        progress("Sluice, mapped legacy changes: a backlog of " + volumes.legacyOrders()
                + " orders (header + 2 lines per transaction) drained as OrderPlaced");
        String db = emptyDatabase("bench_legacy");
        LegacyOms.migrate(infra.jdbcUrl(db), infra.user(), infra.password());
        sql(db, "INSERT INTO \"OMS\".\"CUSTMST\" (\"CUST_NO\", \"CUST_NM\", \"ACTV_FLG\", \"CRT_DT\") "
                + "SELECT 'B' || lpad(i::text, 9, '0'), 'BENCH CUSTOMER ' || i, 'Y', '20200101' FROM generate_series(1, 100) i");
        topics.create("benchlegacy.orders.events", "benchlegacy.customers.events");
        Map<String, String> env = relayEnv(db, root.resolve("outbox-relay/mappings"), "benchlegacy.{aggregate}.events");
        AppProcess relay = relay("relay-legacy", env);
        int warm = Math.max(1_000, volumes.legacyOrders() / 5);
        insertOrders(db, warm); // warm-up: the JIT compiles the hot path first
        drain("benchlegacy.orders.events", warm, 0);
        insertOrders(db, volumes.legacyOrders()); // committed far faster than the relay publishes, while it runs
        Drain drain = drain("benchlegacy.orders.events", warm + volumes.legacyOrders(), warm);
        relay.stop();
        results.legacyEventsPerSecond = drain.perSecond();
        System.out.printf("  %,d OrderPlaced at %,.0f events/s = %,.0f legacy rows/s%n", drain.count(), drain.perSecond(),
                drain.perSecond() * 3);
    }

    private void snapshot() throws Exception {
        progress("initial snapshot of a legacy table of " + volumes.snapshotRows() + " rows, against COPY ... TO STDOUT");
        String db = emptyDatabase("bench_snapshot");
        LegacyOms.migrate(infra.jdbcUrl(db), infra.user(), infra.password());
        sql(db, "INSERT INTO \"OMS\".\"CUSTMST\" (\"CUST_NO\", \"CUST_NM\", \"EMAIL_ADR\", \"PHONE_NO\", \"ACTV_FLG\", \"CRT_DT\") "
                + "SELECT 'S' || lpad(i::text, 9, '0'), 'SNAPSHOT CUSTOMER ' || i, 'c' || i || '@example.com', '+49 30 ' || i, 'Y', '20200101' "
                + "FROM generate_series(1, " + volumes.snapshotRows() + ") i");
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(db), infra.user(), infra.password())) {
            long started = System.nanoTime();
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY \"OMS\".\"CUSTMST\" TO STDOUT",
                    OutputStream.nullOutputStream());
            results.copyRowsPerSecond = volumes.snapshotRows() / seconds(started);
        }
        topics.create("benchsnap.customers.events", "benchsnap.orders.events");
        AppProcess relay = relay("relay-snapshot", relayEnv(db, root.resolve("outbox-relay/mappings"), "benchsnap.{aggregate}.events"));
        Drain drain = drain("benchsnap.customers.events", volumes.snapshotRows(), 0);
        relay.stop();
        results.snapshotRowsPerSecond = drain.perSecond();
        System.out.printf("  COPY %,.0f rows/s; Sluice snapshot %,.0f rows/s (CustomerRegistered on Kafka)%n", results.copyRowsPerSecond,
                results.snapshotRowsPerSecond);
    }

    // ---------------------------------------------------------------- helpers

    static final String CPU_RELAY = "relay JVM";
    static final String CPU_BENCH_ENGINE = "bench JVM: Debezium engine, no-op handler";
    static final String CPU_WALSENDER = "PostgreSQL walsender of the slot";
    static final String CPU_BROKER = "Kafka broker JVM";
    static final String CPU_BENCH_CONSUMER = "bench JVM: Kafka consumer of the drained topic";

    /** The walsender serving replication slot {@code slot} (-1 if none is active). */
    private long walsenderPid(String db, String slot) throws SQLException {
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(db), infra.user(), infra.password());
                PreparedStatement query = connection.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getObject(1) != null ? row.getLong(1) : -1;
            }
        }
    }

    record Drain(long count, double perSecond) {
    }

    /**
     * Reads {@code expected} events from {@code topic}, with progress, and rates those after the first
     * {@code skip} (a warm-up already read) by broker append times, first to last.
     */
    private Drain drain(String topic, int expected, int skip) {
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        AtomicLong count = new AtomicLong();
        long started = System.nanoTime();
        int measured = expected - skip;
        topics.read(topic, expected, Duration.ofMinutes(10), received -> {
            long n = count.incrementAndGet();
            if (n > skip) {
                first.accumulateAndGet(received.appendedAt(), Math::min);
                last.accumulateAndGet(received.appendedAt(), Math::max);
                if ((n - skip) % Math.max(1, measured / 5) == 0) {
                    System.out.printf("  ... %,d of %,d (%.0f s)%n", n - skip, measured, seconds(started));
                }
            }
        }, true);
        if (count.get() < expected) {
            throw new IllegalStateException(topic + ": only " + count.get() + " of " + expected + " events arrived; see " + work);
        }
        return new Drain(measured, measured / Math.max(0.001, (last.get() - first.get()) / 1000.0));
    }

    void insertOrders(String db, int orders) throws SQLException {
        sql(db, """
                DO $$
                DECLARE o integer;
                BEGIN
                  FOR i IN 1..%d LOOP
                    o := nextval('"OMS"."ORDNO_SEQ"');
                    INSERT INTO "OMS"."ORDHDR" ("ORD_NO", "CUST_NO", "ORD_DT", "ORD_STS", "TOT_AMT")
                      VALUES (o, 'B' || lpad((1 + i %% 100)::text, 9, '0'), '20261125', 'NW', 4740);
                    INSERT INTO "OMS"."ORDLIN" VALUES (o, 1, 'SPROCKET-3', 3, 1250), (o, 2, 'WIDGET-7', 1, 990);
                    COMMIT;
                  END LOOP;
                END $$""".formatted(orders));
    }

    private Thread rssSampler(AppProcess app, AtomicLong peak) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(Machine.rssMiB(app.pid()), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    Map<String, String> relayEnv(String db, Path mappings, String topicPattern) {
        return relayEnv(infra.jdbcUrl(db), infra.user(), infra.password(), db, mappings, topicPattern);
    }

    /** The relay's environment for any source (PostgreSQL or MariaDB: the family follows from the URL). */
    Map<String, String> relayEnv(String jdbcUrl, String user, String password, String name, Path mappings, String topicPattern) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", user);
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", mappings.toString());
        env.put("SLUICE_SOURCE_NAME", name);
        env.put("SLUICE_SOURCE_SLOT_NAME", name);
        env.put("SLUICE_PUBLISH_TOPIC_PATTERN", topicPattern);
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("BENCH_RELAY_")) { // tuning: BENCH_RELAY_SLUICE_SOURCE_MAX_BATCH_SIZE=4096, ...
                env.put(key.substring("BENCH_RELAY_".length()), value);
            }
        });
        return env;
    }

    private AppProcess relay(String name, Map<String, String> env) {
        return AppProcess.of(name, root.resolve("outbox-relay/target/quarkus-app/quarkus-run.jar"), env,
                work.resolve(name + ".log"), io.sluice.testkit.Ports.free()).start().awaitReady(Duration.ofSeconds(120));
    }

    /** A fresh database with Sluice's own objects (outbox, heartbeat). */
    String database(String prefix) {
        String name = emptyDatabase(prefix);
        Flyway.configure().dataSource(infra.jdbcUrl(name), infra.user(), infra.password()).locations("classpath:db/sluice")
                .schemas("sluice").table("flyway_schema_history").load().migrate();
        return name;
    }

    /** Inserts {@code rows} outbox rows, 10 per transaction, server-side (the writer is not what is measured). */
    private void insertOutboxBacklog(String db, int rows, String aggregateType) throws SQLException {
        insertOutboxBacklog(db, rows, aggregateType, 10);
    }

    /** Inserts {@code rows} outbox rows, {@code perTransaction} per transaction, server-side. */
    void insertOutboxBacklog(String db, int rows, String aggregateType, int perTransaction) throws SQLException {
        sql(db, """
                DO $$
                BEGIN
                  FOR i IN 1..%d LOOP
                    INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload)
                      VALUES (gen_random_uuid(), '%s', 'A-' || (i %% 100), 'BenchEvent',
                              jsonb_build_object('orderId', i::text, 'n', i, 'pad', '%s'));
                    IF i %% %d = 0 THEN COMMIT; END IF;
                  END LOOP;
                END $$""".formatted(rows, aggregateType, PAYLOAD_PAD, perTransaction));
    }

    /** A fresh, empty database (the relay creates its own objects in it at start). */
    String emptyDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 6);
        infra.createDatabase(name);
        return name;
    }

    /**
     * Drops a database's replication slots once its relay has stopped (waiting up to 10 s for its walsender to end): the
     * bench's cluster has 20 slots for the whole run, and a slot left behind also keeps its WAL.
     */
    void dropSlots(String db) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            sql(db, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = current_database() AND NOT active");
            if ("0".equals(query(db, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"))
                    || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(100); // polling the walsender's end
        }
    }

    void sql(String db, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(db), infra.user(), infra.password());
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private String query(String db, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(db), infra.user(), infra.password());
                Statement sql = connection.createStatement();
                ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    private String port(String db) {
        return Integer.toString(java.net.URI.create(infra.jdbcUrl(db).substring("jdbc:".length())).getPort());
    }

    private static Path pgBinary(String name) throws IOException {
        String configured = System.getenv("SLUICE_PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, name))) {
            return Path.of(configured, name);
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin").resolve(name)).filter(Files::isExecutable).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException(name + " not found under /usr/lib/postgresql/*/bin; set SLUICE_PG_BIN"));
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
