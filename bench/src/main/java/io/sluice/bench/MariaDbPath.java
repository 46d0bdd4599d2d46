package io.sluice.bench;

import java.io.IOException;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;

import io.sluice.bench.Comparison.Workload;
import io.sluice.bench.relays.DebeziumNoop;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.MariaDbServer;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * The MariaDB path (issue #17, point 6): the packaged relay reading a private MariaDB's binlog (the testkit's
 * {@link MariaDbServer}), on an outbox backlog and on legacy orders with lines (the demo mappings), against the raw
 * binlog read of the same changes ({@code mariadb-binlog --read-from-remote-server}, as it comes and decoded into
 * text) and Debezium's MariaDB connector with a no-op handler in a JVM of its own. As {@link Comparison} does on
 * PostgreSQL: per relay and workload a fresh server, a backlog the relay starts on as a fresh JVM (cold), a warm-up until
 * its JIT compilation settled, then a backlog drained in steady state.
 */
final class MariaDbPath {

    static final List<Workload> WORKLOADS = List.of(Workload.OUTBOX_10, Workload.LEGACY);

    enum Relay {
        SLUICE("Sluice"), DEBEZIUM_NOOP("Debezium MariaDB connector, no-op handler");

        final String title;

        Relay(String title) {
            this.title = title;
        }
    }

    /** One relay on one workload; rates in events/s (legacy: orders/s), CPU in µs per event (NaN: not measured). */
    record Run(Workload workload, Relay relay, double insertedPerSecond, double coldPerSecond, long firstEventMillis,
            double jitSettledSeconds, double compileShareFirst30s, double steadyPerSecond, double relayCpu, double brokerCpu,
            double serverCpu) {
    }

    /**
     * One read of a binlog file with {@code mariadb-binlog}: the file as the server sends it ({@code --raw}) or decoded
     * into text ({@code --verbose}); units (events, legacy orders) and bytes per second.
     */
    record BinlogRead(Workload workload, String range, boolean decoded, String file, long bytes, int units, double seconds) {

        double unitsPerSecond() {
            return units / Math.max(0.001, seconds);
        }

        double mibPerSecond() {
            return bytes / 1048576.0 / Math.max(0.001, seconds);
        }
    }

    static final String CPU_SERVER = "MariaDB server (inserts, binlog dump)";
    static final String CPU_NOOP = "Debezium no-op JVM";
    private static final String PAD = "x".repeat(200); // as Bench's outbox payloads

    private final Bench bench;
    private final Comparison.Volumes volumes;
    final List<Run> runs = new ArrayList<>();
    final List<BinlogRead> reads = new ArrayList<>();
    String serverVersion = "?";

    MariaDbPath(Bench bench, Comparison.Volumes volumes) {
        this.bench = bench;
        this.volumes = volumes;
    }

    void run(List<Workload> workloads) throws Exception {
        for (Workload workload : workloads) {
            if (!WORKLOADS.contains(workload)) {
                continue;
            }
            bench.progress("MariaDB, " + workload.title + ": Sluice, then the raw binlog read of the same changes");
            runs.add(measure(workload, Relay.SLUICE));
            bench.progress("MariaDB, " + workload.title + ": " + Relay.DEBEZIUM_NOOP.title);
            runs.add(measure(workload, Relay.DEBEZIUM_NOOP));
            printRatios(workload);
        }
    }

    // ---------------------------------------------------------------- one relay on one workload

    private Run measure(Workload workload, Relay relay) throws Exception {
        String token = (relay == Relay.SLUICE ? "ms" : "md") + UUID.randomUUID().toString().substring(0, 6);
        Path dir = bench.work().resolve("mariadb").resolve(token);
        MariaDbServer server = MariaDbServer.create(dir.resolve("data")).start();
        try {
            return measure(server, workload, relay, token, dir);
        } finally {
            server.close();
            deleteTree(server.dataDir()); // its binlogs: ≈ 1 GB per relay and workload in a full run
        }
    }

    private Run measure(MariaDbServer server, Workload workload, Relay relay, String token, Path dir) throws Exception {
        serverVersion = query(server, "sluice", "SELECT VERSION()");
        Target target = prepare(server, workload, relay, token, dir);
        int perUnit = relay == Relay.DEBEZIUM_NOOP && workload == Workload.LEGACY ? 3 : 1;
        int pre = 10; // units written after a first start, so that a position is stored before the backlog
        // the first start: Sluice's objects, Debezium's offsets and schema history, a position past a first few units
        Started started = start(relay, target, workload, "first", 0);
        try {
            insert(server, workload, target, pre);
            started.await(pre * perUnit, "first units");
        } finally {
            started.stop();
        }

        int cold = (int) (volumes.coldEvents() * workload.scale);
        String coldFile = flushBinlog(server);
        insert(server, workload, target, cold);
        flushBinlog(server);
        long launched = System.currentTimeMillis();
        started = start(relay, target, workload, "cold", pre * perUnit);
        try {
            JitMonitor jit = new JitMonitor(started.pid(), launched);
            int expected = (pre + cold) * perUnit;
            started.await(expected, "cold backlog");
            long[] coldTimes = started.arrivals(pre * perUnit, expected);
            long firstMillis = coldTimes[0] - launched;
            double coldRate = Comparison.windowRate(coldTimes, volumes.coldWindow()) / perUnit;
            System.out.printf("  cold: first event %,d ms after launch; %,.0f /s in the first %d s%s%n", firstMillis, coldRate,
                    volumes.coldWindow().toSeconds(), started.sample() == null ? "" : "\n  a record: " + started.sample());

            long warmStarted = System.currentTimeMillis();
            int chunk = (int) Math.max(2_000, coldRate * 5);
            while (jit.settledSeconds() < 0 && System.currentTimeMillis() - warmStarted < volumes.maxWarmUp().toMillis()) {
                insert(server, workload, target, chunk);
                expected += chunk * perUnit;
                started.await(expected, "warm-up");
            }
            double settled = jit.settledSeconds();
            jit.print("the process's", volumes.maxWarmUp());
            jit.close();

            int steady = (int) (volumes.steadyEvents() * workload.scale);
            Map<String, Long> processes = new LinkedHashMap<>();
            processes.put(relay == Relay.SLUICE ? Bench.CPU_RELAY : CPU_NOOP, started.pid());
            if (relay == Relay.SLUICE) {
                processes.put(Bench.CPU_BROKER,
                        bench.infra().kafka().filter(KafkaBroker::isRunning).map(KafkaBroker::pid).orElse(-1L));
            }
            processes.put(CPU_SERVER, serverPid(server));
            String steadyFile = flushBinlog(server);
            CpuSplit.Meter cpu = CpuSplit.start(processes);
            int before = expected;
            // the relay is frozen (SIGSTOP) while the backlog is written: the server writes a few times slower than
            // PostgreSQL, and Debezium's no-op reads faster than the procedure writes; so every relay drains a whole backlog
            signal("STOP", started.pid());
            double inserted;
            try {
                long insertStarted = System.nanoTime();
                insert(server, workload, target, steady);
                inserted = steady / ((System.nanoTime() - insertStarted) / 1e9);
                flushBinlog(server);
            } finally {
                signal("CONT", started.pid());
            }
            expected += steady * perUnit;
            started.await(expected, "steady backlog");
            CpuSplit split = cpu.stop(steady);
            long[] steadyTimes = started.arrivals(before, expected);
            double steadyRate = steady / Math.max(0.001, (max(steadyTimes) - min(steadyTimes)) / 1000.0);
            System.out.printf("  steady (backlog written at %,.0f /s while the relay was frozen): %,.0f /s; CPU %s%n", inserted,
                    steadyRate, split.summary());
            started.stop();
            if (relay == Relay.SLUICE) {
                reads.add(readBinlog(server, workload, "cold backlog", coldFile, cold, false, dir));
                reads.add(readBinlog(server, workload, "cold backlog", coldFile, cold, true, dir));
                reads.add(readBinlog(server, workload, "steady backlog", steadyFile, steady, false, dir));
                reads.add(readBinlog(server, workload, "steady backlog", steadyFile, steady, true, dir));
            }
            return new Run(workload, relay, inserted, coldRate, firstMillis, settled, jit.compileShareFirst30s(), steadyRate,
                    split.microsPerEvent().get(processes.keySet().iterator().next()),
                    split.microsPerEvent().getOrDefault(Bench.CPU_BROKER, Double.NaN), split.microsPerEvent().get(CPU_SERVER));
        } finally {
            started.stop();
        }
    }

    /** The server, a workload's tables and its inserting procedures; what one relay reads and where it writes. */
    record Target(int port, String jdbcUrl, String aggregate, List<String> topics, Path mappings, Path dir, String token) {
    }

    private Target prepare(MariaDbServer server, Workload workload, Relay relay, String token, Path dir) throws Exception {
        String jdbcUrl;
        Path mappings;
        List<String> topics = new ArrayList<>();
        String aggregate = "a" + token;
        if (workload == Workload.LEGACY) {
            server.createDatabase("oms");
            jdbcUrl = server.jdbcUrl("oms");
            LegacyOms.migrate(jdbcUrl, MariaDbServer.USER, MariaDbServer.PASSWORD);
            sql(server, "oms", "INSERT INTO OMS.CUSTMST (CUST_NO, CUST_NM, ACTV_FLG, CRT_DT) "
                    + "SELECT CONCAT('B', LPAD(seq, 9, '0')), CONCAT('BENCH CUSTOMER ', seq), 'Y', '20200101' FROM seq_1_to_100");
            mappings = bench.root().resolve("outbox-relay/mappings");
            topics.add(token + ".orders.events");
            if (relay == Relay.SLUICE) {
                bench.topics().create(token + ".orders.events", token + ".customers.events");
            }
        } else {
            jdbcUrl = server.jdbcUrl(MariaDbServer.DATABASE);
            // Sluice's objects as the relay creates them at its first start; Debezium's no-op reads the same outbox table
            Flyway.configure().dataSource(jdbcUrl, MariaDbServer.USER, MariaDbServer.PASSWORD).locations("classpath:db/mariadb/sluice")
                    .schemas("sluice")
                    .table("flyway_schema_history").load().migrate();
            mappings = Files.createDirectories(bench.work().resolve("no-mappings"));
            topics.add(aggregate + ".events");
            if (relay == Relay.SLUICE) {
                bench.topics().create(aggregate + ".events");
            }
        }
        // server-side writers, so that the writer is not what is measured (as on PostgreSQL: a DO block)
        sql(server, "sluice", "CREATE DATABASE bench");
        sql(server, "sluice", """
                CREATE PROCEDURE bench.outbox(n INT, agg VARCHAR(64), per INT)
                BEGIN
                  DECLARE i INT DEFAULT 0;
                  START TRANSACTION;
                  WHILE i < n DO
                    SET i = i + 1;
                    INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload)
                      VALUES (UUID(), agg, CONCAT('A-', i %% 100), 'BenchEvent',
                              JSON_OBJECT('orderId', CAST(i AS CHAR), 'n', i, 'pad', '%s'));
                    IF i %% per = 0 THEN COMMIT; START TRANSACTION; END IF;
                  END WHILE;
                  COMMIT;
                END""".formatted(PAD));
        sql(server, "sluice", """
                CREATE PROCEDURE bench.orders(n INT)
                BEGIN
                  DECLARE i INT DEFAULT 0;
                  DECLARE o INT;
                  WHILE i < n DO
                    SET i = i + 1;
                    START TRANSACTION;
                    SET o = NEXTVAL(OMS.ORDNO_SEQ);
                    INSERT INTO OMS.ORDHDR (ORD_NO, CUST_NO, ORD_DT, ORD_STS, TOT_AMT)
                      VALUES (o, CONCAT('B', LPAD(1 + i % 100, 9, '0')), '20261125', 'NW', 4740);
                    INSERT INTO OMS.ORDLIN VALUES (o, 1, 'SPROCKET-3', 3, 1250), (o, 2, 'WIDGET-7', 1, 990);
                    COMMIT;
                  END WHILE;
                END""");
        return new Target(server.port(), jdbcUrl, aggregate, topics, mappings, dir, token);
    }

    private void insert(MariaDbServer server, Workload workload, Target target, int units) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("sluice"), MariaDbServer.USER, MariaDbServer.PASSWORD);
                PreparedStatement call = connection.prepareStatement(workload == Workload.LEGACY
                        ? "CALL bench.orders(?)"
                        : "CALL bench.outbox(?, ?, 10)")) {
            call.setInt(1, units);
            if (workload != Workload.LEGACY) {
                call.setString(2, target.aggregate());
            }
            call.execute();
        }
    }

    // ---------------------------------------------------------------- the raw binlog read

    /**
     * Reads one binlog file (the changes of one backlog alone: the log is rotated before and after it) from the server
     * with {@code mariadb-binlog --read-from-remote-server}: as the server sends it ({@code --raw}, into files), or
     * decoded, every row event reconstructed as text ({@code --verbose}, into {@code /dev/null}).
     */
    private BinlogRead readBinlog(MariaDbServer server, Workload workload, String range, String file, int units, boolean decoded,
            Path dir) throws Exception {
        long bytes = binlogSize(server, file);
        Path out = Files.createDirectories(dir.resolve("binlog-read"));
        List<String> command = new ArrayList<>(List.of(binlogClient().toString(), "--no-defaults", "--read-from-remote-server",
                "--host=127.0.0.1", "--port=" + server.port(), "--user=" + MariaDbServer.USER, "--password=" + MariaDbServer.PASSWORD));
        if (decoded) {
            command.addAll(List.of("--verbose", "--base64-output=DECODE-ROWS", file));
        } else {
            command.addAll(List.of("--raw", "--result-file=" + out + "/", file));
        }
        Path log = dir.resolve("mariadb-binlog.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectOutput(decoded ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("mariadb-binlog failed on " + file + "; see " + log);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!decoded && Files.size(out.resolve(file)) != bytes) {
            throw new IllegalStateException(
                    "mariadb-binlog --raw wrote " + Files.size(out.resolve(file)) + " bytes of " + file + ", which has "
                            + bytes);
        }
        Files.deleteIfExists(out.resolve(file));
        BinlogRead read = new BinlogRead(workload, range, decoded, file, bytes, units, seconds);
        System.out.printf("  %s, %s (%s, %,.1f MiB): %,.0f /s, %,.1f MiB/s%n", range, decoded ? "decoded (--verbose)" : "raw (--raw)",
                file, bytes / 1048576.0, read.unitsPerSecond(), read.mibPerSecond());
        return read;
    }

    /** Rotates the binlog; returns the new file, where the next changes go. */
    private static String flushBinlog(MariaDbServer server) throws SQLException {
        try (Connection connection = server.rootConnection(); Statement statement = connection.createStatement()) {
            statement.execute("FLUSH BINARY LOGS");
            try (ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
                status.next();
                return status.getString(1);
            }
        }
    }

    private static long binlogSize(MariaDbServer server, String file) throws SQLException {
        try (Connection connection = server.rootConnection();
                Statement statement = connection.createStatement();
                ResultSet logs = statement.executeQuery("SHOW BINARY LOGS")) {
            while (logs.next()) {
                if (logs.getString(1).equals(file)) {
                    return logs.getLong(2);
                }
            }
        }
        throw new IllegalStateException("binlog " + file + " not found");
    }

    private static Path binlogClient() {
        String configured = System.getenv("SLUICE_MARIADB_BIN");
        List<String> dirs = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            dirs.add(configured);
        }
        dirs.add("/usr/bin");
        dirs.addAll(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String dir : dirs) {
            for (String name : List.of("mariadb-binlog", "mysqlbinlog")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        throw new IllegalStateException("mariadb-binlog not found (SLUICE_MARIADB_BIN, /usr/bin, PATH): install mariadb-client");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a process the bench started. */
    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    /** mariadbd's pid, from its pid file beside the socket (-1 if unreadable). */
    private static long serverPid(MariaDbServer server) {
        try {
            return Long.parseLong(Files.readString(server.socket().resolveSibling("m.pid")).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- starting the relays

    /** A running relay, and what arrived from it. */
    private interface Started {
        long pid();

        /** Waits until {@code count} records (row changes for the no-op) arrived in all. */
        void await(int count, String what) throws Exception;

        /** Arrival times (epoch ms) of records {@code [from, to)}: Kafka append times, or the no-op handler's batch times. */
        long[] arrivals(int from, int to) throws IOException;

        String sample();

        void stop();
    }

    /**
     * @param before records (row changes for the no-op) that arrived before this start: Sluice's are read again from
     *               its topics, the no-op counts from 0 again
     */
    private Started start(Relay relay, Target target, Workload workload, String phase, int before) throws Exception {
        String name = "mariadb-" + relay.name().toLowerCase() + "-" + workload.name().toLowerCase() + "-" + phase;
        Path log = bench.work().resolve(name + ".log");
        if (relay == Relay.SLUICE) {
            String pattern = workload == Workload.LEGACY ? target.token() + ".{aggregate}.events" : "{aggregate}.events";
            Map<String, String> env = bench.relayEnv(target.jdbcUrl(), MariaDbServer.USER, MariaDbServer.PASSWORD, target.token(),
                    target.mappings(), pattern);
            TopicTail tail = new TopicTail(bench.infra().kafkaBootstrap(), target.topics());
            AppProcess app = AppProcess.of(name, bench.root().resolve("outbox-relay/target/quarkus-app/quarkus-run.jar"), env, log,
                    io.sluice.testkit.Ports.free()).withMaxHeap("1g").start().awaitReady(Duration.ofSeconds(180));
            return new Started() {
                public long pid() {
                    return app.pid();
                }

                public void await(int count, String what) throws InterruptedException {
                    if (!tail.await(count, Duration.ofMinutes(10))) {
                        throw new IllegalStateException("Sluice on MariaDB: only " + tail.count() + " of " + count + " records of the "
                                + what + " arrived within 10 min; see " + log);
                    }
                }

                public long[] arrivals(int from, int to) {
                    return tail.appendTimes(from, to);
                }

                public String sample() {
                    return tail.sample();
                }

                public void stop() {
                    app.stop();
                    try {
                        tail.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
        Path settings = target.dir().resolve("debezium-noop.properties");
        if (!Files.exists(settings)) {
            try (var out = Files.newOutputStream(settings)) {
                noopSettings(target, workload).store(out, "Debezium's MariaDB connector, no-op handler");
            }
        }
        ChildJvm child = ChildJvm.start(name, List.of("-Xmx1g"), DebeziumNoop.class, List.of(settings.toString()), log,
                Duration.ofMinutes(3));
        return new Started() {
            public long pid() {
                return child.pid();
            }

            public void await(int count, String what) throws Exception {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (rows(log) + before < count) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "Debezium no-op on MariaDB: only " + (rows(log) + before) + " of " + count + " row changes of the "
                                        + what + " arrived within 10 min; see " + log);
                    }
                    Thread.sleep(100);
                }
            }

            public long[] arrivals(int from, int to) throws IOException {
                return noopArrivals(log, from - before, to - before);
            }

            public String sample() {
                return null;
            }

            public void stop() {
                child.stop();
            }
        };
    }

    /** Row changes the no-op handler reported so far (its last {@code ROWS} line). */
    private static long rows(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("ROWS ")) {
                return Long.parseLong(lines.get(i).split(" ")[1]);
            }
        }
        return 0;
    }

    /** Arrival times of row changes {@code [from, to)}, each its batch's time. */
    static long[] noopArrivals(Path log, int from, int to) throws IOException {
        long[] times = new long[to - from];
        long previous = 0;
        for (String line : Files.readAllLines(log)) {
            if (!line.startsWith("ROWS ")) {
                continue;
            }
            String[] f = line.split(" ");
            long upTo = Long.parseLong(f[1]);
            long at = Long.parseLong(f[2]);
            for (long n = Math.max(previous, from); n < Math.min(upTo, to); n++) {
                times[(int) (n - from)] = at;
            }
            previous = upTo;
        }
        return times;
    }

    /**
     * Debezium's MariaDB connector as the relay runs it ({@code MariaDbFamily}, {@code DebeziumSettings}: batches of 2,048,
     * queue of 8,192, poll 10 ms, transaction metadata, no snapshot locks, the JDBC schema history in database
     * {@code sluice}), offsets in a file, only the workload's tables.
     */
    private Properties noopSettings(Target target, Workload workload) {
        Properties p = new Properties();
        p.setProperty("name", "bench-" + target.token());
        p.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        p.setProperty("topic.prefix", target.token());
        p.setProperty("database.hostname", "127.0.0.1");
        p.setProperty("database.port", Integer.toString(target.port()));
        p.setProperty("database.user", MariaDbServer.USER);
        p.setProperty("database.password", MariaDbServer.PASSWORD);
        p.setProperty("database.server.id", "1234567");
        if (workload == Workload.LEGACY) {
            p.setProperty("database.include.list", "OMS");
            p.setProperty("table.include.list", "OMS\\.ORDHDR,OMS\\.ORDLIN");
        } else {
            p.setProperty("database.include.list", "sluice");
            p.setProperty("table.include.list", "sluice\\.outbox_event");
        }
        p.setProperty("include.schema.changes", "false");
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        p.setProperty("schema.history.internal.jdbc.connection.url", "jdbc:mariadb://127.0.0.1:" + target.port() + "/sluice");
        p.setProperty("schema.history.internal.jdbc.connection.user", MariaDbServer.USER);
        p.setProperty("schema.history.internal.jdbc.connection.password", MariaDbServer.PASSWORD);
        p.setProperty("schema.history.internal.jdbc.table.name", "sluice.schema_history_noop");
        p.setProperty("schema.history.internal.jdbc.table.ddl", "CREATE TABLE IF NOT EXISTS %s (id VARCHAR(36) NOT NULL,"
                + " history_data MEDIUMTEXT, history_data_seq INTEGER, record_insert_ts TIMESTAMP(6) NOT NULL,"
                + " record_insert_seq INTEGER NOT NULL, PRIMARY KEY (id, history_data_seq))");
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", target.dir().resolve("debezium-noop.offsets").toString());
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("offset.flush.timeout.ms", "10000");
        p.setProperty("poll.interval.ms", "10");
        p.setProperty("max.batch.size", "2048");
        p.setProperty("max.queue.size", "8192");
        return p;
    }

    // ---------------------------------------------------------------- ratios

    Run find(Workload workload, Relay relay) {
        return runs.stream().filter(r -> r.workload() == workload && r.relay() == relay).findFirst().orElse(null);
    }

    BinlogRead read(Workload workload, String range, boolean decoded) {
        return reads.stream().filter(r -> r.workload() == workload && r.range().equals(range) && r.decoded() == decoded).findFirst()
                .orElse(null);
    }

    private void printRatios(Workload workload) {
        Run sluice = find(workload, Relay.SLUICE);
        Run noop = find(workload, Relay.DEBEZIUM_NOOP);
        BinlogRead rawCold = read(workload, "cold backlog", false);
        BinlogRead rawSteady = read(workload, "steady backlog", false);
        if (sluice == null || noop == null || rawCold == null || rawSteady == null) {
            return;
        }
        System.out.printf(
                "  %s on MariaDB: Sluice / raw binlog read: cold %.3f, steady %.3f; Sluice / Debezium no-op: cold %.2f, steady %.2f%n",
                workload.title, sluice.coldPerSecond() / rawCold.unitsPerSecond(), sluice.steadyPerSecond() / rawSteady.unitsPerSecond(),
                sluice.coldPerSecond() / noop.coldPerSecond(), sluice.steadyPerSecond() / noop.steadyPerSecond());
    }

    // ---------------------------------------------------------------- helpers

    private static void sql(MariaDbServer server, String database, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), MariaDbServer.USER, MariaDbServer.PASSWORD);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static String query(MariaDbServer server, String database, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), MariaDbServer.USER, MariaDbServer.PASSWORD);
                Statement sql = connection.createStatement();
                ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
