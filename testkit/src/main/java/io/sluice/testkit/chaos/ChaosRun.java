package io.sluice.testkit.chaos;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.event.CloudEventHeaders;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SourceServer;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;
import io.sluice.testkit.process.AppProcess;

/**
 * The chaos suite: under steady legacy load, the packaged relay and order-history run while faults
 * follow each other: {@code kill -9} of the relay, a Kafka broker restart, a restart of the legacy database's server
 * (PostgreSQL, which also holds order-history's database; or MariaDB), {@code kill -9} of the consumer. Then the load stops, everything settles, and the run compares
 * every committed legacy change with every event on Kafka and every effect in order-history's
 * database ({@link Verdict}). The short form runs in the tests ({@code ChaosIT}); the long one with
 * {@code scripts/chaos <minutes>}.
 */
public final class ChaosRun {

    public enum Fault {
        KILL_RELAY, RESTART_BROKER, RESTART_DATABASE, KILL_CONSUMER
    }

    /**
     * Where the legacy OMS lives. order-history's own database is on the shared PostgreSQL either way, so
     * {@link Fault#RESTART_DATABASE} restarts the legacy database's server: on PostgreSQL that is also the consumer's.
     */
    public enum Source {
        POSTGRESQL, MARIADB
    }

    /**
     * @param duration      how long the load runs while faults are injected (at least until each fault happened once)
     * @param faultInterval time between faults (they cycle through {@link Fault})
     * @param ordersPerSecond legacy orders per second (each followed by two status changes)
     * @param relayJar      the packaged relay ({@code quarkus-run.jar})
     * @param mappings      the relay's mapping directory (the demo mappings)
     * @param consumerJar   the packaged order-history service
     * @param work          where logs go
     * @param delivery      the relay's {@code sluice.delivery}: {@code exactly-once} (no duplicate on Kafka allowed) or
     *                      {@code at-least-once}
     */
    public record Settings(Duration duration, Duration faultInterval, double ordersPerSecond, Path relayJar, Path mappings,
            Path consumerJar, Path work, String delivery) {

        public Settings(Duration duration, Duration faultInterval, double ordersPerSecond, Path relayJar, Path mappings, Path consumerJar,
                Path work) {
            this(duration, faultInterval, ordersPerSecond, relayJar, mappings, consumerJar, work, "exactly-once");
        }

        boolean exactlyOnce() {
            return !"at-least-once".equals(delivery);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "orders.events";

    private final Settings settings;
    private final Source sourceFamily;
    private final Consumer<String> log;
    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();
    private final SourceServer source;
    /** The relay's source name and capture stream (slot) name: this run's own. */
    private final String streamName = "chaos_oms_" + UUID.randomUUID().toString().substring(0, 6);
    /**
     * The relay's database: on PostgreSQL one of this run's own; on MariaDB the OMS tables live in database {@code OMS} of
     * the server whatever database a URL names, and the MariaDB tests share the one that migrated them.
     */
    private final String legacyDb;
    private final String consumerDb = "chaos_history_" + UUID.randomUUID().toString().substring(0, 6);
    private final String topicPrefix = "chaos" + UUID.randomUUID().toString().substring(0, 6);
    /** Orders numbered up to this one were there before the run (a shared MariaDB OMS): not this run's to judge. */
    private long ordersBefore;
    private AppProcess relay;
    private AppProcess consumer;
    private int restarts;

    /** The run with the legacy OMS on PostgreSQL. */
    public ChaosRun(Settings settings, Consumer<String> log) {
        this(settings, Source.POSTGRESQL, log);
    }

    public ChaosRun(Settings settings, Source sourceFamily, Consumer<String> log) {
        this.settings = settings;
        this.sourceFamily = sourceFamily;
        this.log = log;
        this.source = sourceFamily == Source.POSTGRESQL ? infra : MariaDbSource.shared();
        this.legacyDb = sourceFamily == Source.POSTGRESQL ? streamName : LegacyOmsMariaDbResource.DATABASE;
    }

    public Verdict run() throws Exception {
        Files.createDirectories(settings.work());
        source.createDatabase(legacyDb);
        infra.createDatabase(consumerDb);
        LegacyOms.migrate(source.jdbcUrl(legacyDb), source.user(), source.password());
        ordersBefore = lastOrderNo();
        relay = startRelay();
        consumer = startConsumer();

        LegacyLoad load = new LegacyLoad(() -> LegacyOms.connect(source.jdbcUrl(legacyDb), source.user(), source.password()),
                settings.ordersPerSecond());
        load.registerCustomers();
        Thread loadThread = new Thread(load, "chaos-load");
        loadThread.start();
        List<String> faults = new ArrayList<>();
        long end = System.nanoTime() + settings.duration().toNanos();
        int next = 0;
        try {
            // the load runs for the whole duration, and on until every kind of fault has happened once (a slow
            // machine takes longer to restart a server)
            while (System.nanoTime() < end || next < Fault.values().length) {
                Thread.sleep(next < Fault.values().length
                        ? settings.faultInterval().toMillis()
                        : Math.min(settings.faultInterval().toMillis(), Math.max(0, (end - System.nanoTime()) / 1_000_000)));
                if (System.nanoTime() >= end && next >= Fault.values().length) {
                    break;
                }
                Fault fault = Fault.values()[next++ % Fault.values().length];
                long started = System.nanoTime();
                inject(fault);
                faults.add(fault + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
                log.accept(String.format("chaos: %s done; %,d legacy changes committed, %,d failed so far", fault,
                        load.committed.get(), load.failed.get()));
            }
        } finally {
            load.stop();
            loadThread.join();
        }
        log.accept("chaos: load stopped; waiting for the pipeline to settle");
        Verdict verdict = settle(faults);
        relay.stop();
        consumer.stop();
        return verdict;
    }

    private void inject(Fault fault) {
        switch (fault) {
            case KILL_RELAY -> {
                relay.kill();
                relay = startRelay();
            }
            case RESTART_BROKER -> infra.kafka().orElseThrow(() -> new IllegalStateException("chaos needs the private Kafka broker"))
                    .restart();
            case RESTART_DATABASE -> {
                if (sourceFamily == Source.POSTGRESQL) {
                    infra.postgres().orElseThrow(() -> new IllegalStateException("chaos needs the private PostgreSQL")).restart();
                } else {
                    ((MariaDbSource) source).server().orElseThrow(() -> new IllegalStateException("chaos needs the private MariaDB"))
                            .restart();
                }
            }
            case KILL_CONSUMER -> {
                consumer.kill();
                consumer = startConsumer();
            }
        }
    }

    /** Waits until Kafka and the consumer hold every committed change (or two minutes pass), then judges. */
    private Verdict settle(List<String> faults) throws Exception {
        Map<String, List<String>> expected = expectedEvents();
        long expectedCount = expected.values().stream().mapToLong(List::size).sum();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Observed observed;
        do {
            Thread.sleep(1000);
            observed = observe();
        } while ((observed.firstSeen.size() < expectedCount || countInbox() < observed.firstSeen.size())
                && System.nanoTime() < deadline);
        return judge(expected, observed, faults);
    }

    /** Per order, the events its committed legacy changes must produce, in order (from the final legacy state). */
    private Map<String, List<String>> expectedEvents() throws SQLException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(source.jdbcUrl(legacyDb), source.user(), source.password());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(legacySql("SELECT \"ORD_NO\", \"ORD_STS\" FROM \"OMS\".\"ORDHDR\" WHERE \"ORD_NO\" > "
                        + ordersBefore + " ORDER BY \"ORD_NO\""))) {
            while (rows.next()) {
                List<String> events = new ArrayList<>(List.of("OrderPlaced"));
                String status = rows.getString(2);
                if (status.equals("PK") || status.equals("SH")) {
                    events.add("OrderStatusChanged:PICKED");
                }
                if (status.equals("SH")) {
                    events.add("OrderStatusChanged:SHIPPED");
                    events.add("OrderShipped");
                }
                expected.put(Integer.toString(rows.getInt(1)), events);
            }
        }
        return expected;
    }

    /** The highest order number in the legacy OMS (0 when it has none). */
    private long lastOrderNo() throws SQLException {
        try (Connection db = DriverManager.getConnection(source.jdbcUrl(legacyDb), source.user(), source.password());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(legacySql("SELECT COALESCE(MAX(\"ORD_NO\"), 0) FROM \"OMS\".\"ORDHDR\""))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A query on the legacy OMS written with standard quoting, in its family's dialect (MariaDB quotes with backticks). */
    private String legacySql(String standardSql) {
        return sourceFamily == Source.POSTGRESQL ? standardSql : standardSql.replace('"', '`');
    }

    /** Events on Kafka: the first record of each ce_id in offset order per key, and how many records repeated an id. */
    private record Observed(Map<String, String> firstSeen, Map<String, List<String>> orderPerKey, long duplicates) {
    }

    private Observed observe() {
        Map<String, String> firstSeen = new HashMap<>();
        Map<String, List<String>> perKey = new HashMap<>();
        long duplicates = 0;
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
                "group.id", "chaos-verdict-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "isolation.level", "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            reader.subscribe(List.of(topicPrefix + "." + TOPIC));
            int emptyPolls = 0;
            while (emptyPolls < 3) {
                var records = reader.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : records) {
                    String id = header(record, CloudEventHeaders.ID);
                    if (firstSeen.containsKey(id)) {
                        duplicates++;
                        continue;
                    }
                    String label = label(header(record, CloudEventHeaders.TYPE), record.value());
                    firstSeen.put(id, record.key() + "/" + label);
                    perKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(label);
                }
            }
        }
        return new Observed(firstSeen, perKey, duplicates);
    }

    private Verdict judge(Map<String, List<String>> expected, Observed observed, List<String> faults) throws SQLException {
        List<String> examples = new ArrayList<>();
        long lost = 0;
        long outOfOrder = 0;
        for (var order : expected.entrySet()) {
            List<String> seen = observed.orderPerKey().getOrDefault(order.getKey(), List.of());
            for (String event : order.getValue()) {
                if (!seen.contains(event)) {
                    lost++;
                    example(examples, "lost on Kafka: order " + order.getKey() + " " + event);
                }
            }
            List<String> seenExpected = seen.stream().filter(order.getValue()::contains).toList();
            if (!seenExpected.equals(order.getValue().subList(0, Math.min(seenExpected.size(), order.getValue().size())))) {
                outOfOrder++;
                example(examples, "out of order on Kafka: order " + order.getKey() + " " + seen);
            }
        }
        long doubleEffects = 0;
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(consumerDb), infra.user(), infra.password());
                Statement sql = db.createStatement()) {
            Map<String, String> statuses = new HashMap<>();
            try (ResultSet rows = sql.executeQuery("SELECT order_id, status FROM order_history.order_view")) {
                while (rows.next()) {
                    statuses.put(rows.getString(1), rows.getString(2));
                }
            }
            for (var order : expected.entrySet()) {
                String status = statuses.get(order.getKey());
                String want = order.getValue().contains("OrderShipped")
                        ? "SHIPPED"
                        : order.getValue().contains("OrderStatusChanged:PICKED") ? "PICKED" : "NEW";
                if (status == null) {
                    lost++;
                    example(examples, "no effect at the consumer: order " + order.getKey());
                } else if (!status.equals(want)) {
                    outOfOrder++;
                    example(examples, "consumer shows order " + order.getKey() + " " + status + ", the legacy system " + want);
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT coalesce(sum(order_count), 0) FROM order_history.customer_view")) {
                rows.next();
                doubleEffects = Math.max(0, rows.getLong(1) - statuses.size());
            }
        }
        return new Verdict(expected.values().stream().mapToLong(List::size).sum(), observed.firstSeen().size(), lost,
                observed.duplicates(), doubleEffects, outOfOrder, faults, examples, settings.exactlyOnce());
    }

    private long countInbox() {
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(consumerDb), infra.user(), infra.password());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM order_history.inbox "
                        + "WHERE event_type LIKE 'Order%'")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1; // the consumer has not created its schema yet, or the database is restarting
        }
    }

    private static void example(List<String> examples, String problem) {
        if (examples.size() < 10) {
            examples.add(problem);
        }
    }

    private static String label(String type, String value) {
        if (!"OrderStatusChanged".equals(type)) {
            return type;
        }
        try {
            JsonNode data = JSON.readTree(value);
            return type + ":" + data.path("status").asText();
        } catch (IOException e) {
            return type + ":?";
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private AppProcess startRelay() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", source.jdbcUrl(legacyDb));
        env.put("QUARKUS_DATASOURCE_USERNAME", source.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", source.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", settings.mappings().toString());
        env.put("SLUICE_SOURCE_NAME", streamName);
        env.put("SLUICE_SOURCE_SLOT_NAME", streamName);
        env.put("SLUICE_PUBLISH_TOPIC_PATTERN", topicPrefix + ".{aggregate}.events");
        env.put("SLUICE_DELIVERY", settings.delivery());
        return AppProcess.of("relay", settings.relayJar(), env, settings.work().resolve("relay-" + (++restarts) + ".log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(90));
    }

    private AppProcess startConsumer() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(consumerDb));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("KAFKA_GROUP_ID", consumerDb);
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000"); // a killed consumer's partitions move on after 10 s, not 45
        env.put("MP_MESSAGING_INCOMING_ORDERS_TOPIC", topicPrefix + ".orders.events");
        env.put("MP_MESSAGING_INCOMING_CUSTOMERS_TOPIC", topicPrefix + ".customers.events");
        env.put("MP_MESSAGING_INCOMING_SHIPMENTS_TOPIC", topicPrefix + ".shipments.events");
        return AppProcess.of("order-history", settings.consumerJar(), env,
                settings.work().resolve("order-history-" + (++restarts) + ".log"), Ports.free()).start().awaitReady(Duration.ofSeconds(90));
    }

    /** {@code scripts/chaos [minutes] [exactly-once|at-least-once]}: the long run, from the repository root. */
    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        String delivery = args.length > 1 ? args[1] : "exactly-once";
        Path root = Path.of("").toAbsolutePath();
        Settings settings = new Settings(Duration.ofSeconds((long) (minutes * 60)), Duration.ofSeconds(15), 20,
                root.resolve("outbox-relay/target/quarkus-app/quarkus-run.jar"), root.resolve("outbox-relay/mappings"),
                root.resolve("modern-services/order-history/target/quarkus-app/quarkus-run.jar"), root.resolve("target/chaos"), delivery);
        Verdict verdict;
        try {
            verdict = new ChaosRun(settings, System.out::println).run();
        } finally {
            SluiceInfrastructure.shared().stop();
        }
        System.out.println(verdict.report());
        System.exit(verdict.passed() ? 0 : 1);
    }
}
