package io.sluice.testkit.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sluice.testkit.InfrastructureException;
import io.sluice.testkit.MariaDbServer;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyTrafficSimulator;
import io.sluice.testkit.process.AppProcess;
import io.sluice.testkit.process.StopOrder;

/**
 * The demo: starts PostgreSQL and Kafka, creates the legacy OMS database, starts the packaged relay
 * on it, the order-history and fulfillment services, and a second relay on fulfillment's database (its
 * outbox), then plays legacy traffic and a warehouse that dispatches shipments until Ctrl-C, and stops
 * everything it started. The full loop: legacy row → relay → OrderPlaced → fulfillment → its outbox →
 * relay → ShipmentDispatched → order-history. Run it with {@code scripts/demo} from the repository root.
 *
 * <p>{@code --source=mariadb} puts the legacy OMS on a private MariaDB instead (the same tables, the same mapping
 * files; {@link DemoSource}): the legacy relay reads its binlog, the simulator writes to it; the services' databases
 * and fulfillment's outbox stay on PostgreSQL.
 *
 * <p>Stopping (Ctrl-C, SIGINT to its process group with or without a terminal, SIGINT or SIGTERM to this JVM): the
 * traffic first, then the services, the relays, Kafka and PostgreSQL, one line each ({@link StopOrder}). Every child
 * runs in a session of its own, so a signal to the group reaches this JVM only and nothing dies out of turn.
 */
public final class Demo {

    private static final String NAME = "sluice-demo";
    private static final int RELAY_PORT = port("SLUICE_DEMO_RELAY_PORT", 8080);
    private static final int SERVICE_PORT = port("SLUICE_DEMO_SERVICE_PORT", 8081);
    private static final int FULFILLMENT_PORT = port("SLUICE_DEMO_FULFILLMENT_PORT", 8082);
    private static final int FULFILLMENT_RELAY_PORT = port("SLUICE_DEMO_FULFILLMENT_RELAY_PORT", 8083);
    /** Four JVMs start side by side: about 20 s on two idle cores, minutes on a busy machine. */
    private static final Duration START_TIMEOUT = Duration
            .ofSeconds(Long.parseLong(System.getenv().getOrDefault("SLUICE_DEMO_START_TIMEOUT_S", "240")));
    /** The relay's admin token: opens its console and admin API. */
    private static final String ADMIN_TOKEN = System.getenv().getOrDefault("SLUICE_DEMO_ADMIN_TOKEN",
            "demo-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    private static final long STEP_MILLIS = Long.parseLong(System.getenv().getOrDefault("SLUICE_DEMO_STEP_MS", "1000"));

    /** Stages of {@link StopOrder}: what writes stops before what it writes to. */
    private static final int TRAFFIC = 0;
    private static final int SERVICES = 1;
    private static final int RELAYS = 2;
    private static final int KAFKA = 3;
    /** PostgreSQL and, with {@code --source=mariadb}, the legacy MariaDB, side by side. */
    private static final int DATABASES = 4;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        DemoSource source;
        try {
            source = DemoSource.fromArguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("target/demo");
        Files.createDirectories(work);
        Path envFile = work.resolve("infra.env");
        StopOrder stopOrder = new StopOrder(NAME, System.out).finallyRun(() -> deleteQuietly(envFile)).stopOnExit();
        try {
            run(source, root, work, envFile, stopOrder);
        } catch (StopOrder.Stopping e) {
            // a signal arrived during start-up: the shutdown hook stops what had started
        } catch (InfrastructureException | IllegalStateException e) {
            if (stopOrder.isStopping()) {
                return; // what failed was stopped under it
            }
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(DemoSource source, Path root, Path work, Path envFile, StopOrder stopOrder) throws Exception {
        System.out.println(NAME + ": legacy order system on " + source.label() + " (--source=" + source.flag() + ")");
        SluiceInfrastructure infra = startInfrastructure(work.resolve("servers"), stopOrder);
        infra.createDatabase("order_history");
        infra.createDatabase("fulfillment");
        LegacyDatabase legacy = source == DemoSource.MARIADB ? startMariaDb(work.resolve("servers"), stopOrder) : legacyOnPostgres(infra);
        LegacyOms.migrate(legacy.jdbcUrl(), legacy.user(), legacy.password());
        Files.writeString(envFile, "SLUICE_KAFKA_BOOTSTRAP=" + infra.kafkaBootstrap() + "\n"
                + (source == DemoSource.MARIADB ? "SLUICE_MARIADB_URL=" : "SLUICE_PG_URL=") + legacy.jdbcUrl() + "\n");

        Map<String, String> common = Map.of(
                "QUARKUS_DATASOURCE_USERNAME", infra.user(),
                "QUARKUS_DATASOURCE_PASSWORD", infra.password(),
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        Path relayJar = root.resolve("outbox-relay/target/quarkus-app/quarkus-run.jar");
        // the legacy relay reads the legacy database, whichever family: the family follows from the URL
        AppProcess relay = app("relay", relayJar, common, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", legacy.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", legacy.user(),
                "QUARKUS_DATASOURCE_PASSWORD", legacy.password(),
                "SLUICE_MAPPING_DIR", root.resolve("outbox-relay/mappings").toString(),
                "SLUICE_SOURCE_NAME", "oms",
                // as in the compose file: positions of a PostgreSQL run of the demo stay apart from a MariaDB run's
                "SLUICE_SOURCE_SLOT_NAME", source == DemoSource.MARIADB ? "sluice_oms_mariadb" : "sluice",
                "SLUICE_ADMIN_TOKEN", ADMIN_TOKEN), work.resolve("relay.log"), RELAY_PORT);
        AppProcess orderHistory = app("order-history", root.resolve("modern-services/order-history/target/quarkus-app/quarkus-run.jar"),
                common, Map.of("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("order_history")), work.resolve("order-history.log"),
                SERVICE_PORT);
        AppProcess fulfillment = app("fulfillment", root.resolve("modern-services/fulfillment/target/quarkus-app/quarkus-run.jar"),
                common, Map.of("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("fulfillment")), work.resolve("fulfillment.log"),
                FULFILLMENT_PORT);
        // the same relay, attached to fulfillment's database: no legacy mappings, just its outbox table
        Path noMappings = Files.createDirectories(work.resolve("no-mappings"));
        AppProcess fulfillmentRelay = app("fulfillment-relay", relayJar, common, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("fulfillment"),
                "SLUICE_MAPPING_DIR", noMappings.toString(),
                "SLUICE_SOURCE_NAME", "fulfillment",
                "SLUICE_SOURCE_SLOT_NAME", "sluice_fulfillment",
                "SLUICE_OUTBOX_TABLES", "fulfillment.outbox_event"), work.resolve("fulfillment-relay.log"), FULFILLMENT_RELAY_PORT);
        start(stopOrder, RELAYS, relay);
        start(stopOrder, SERVICES, orderHistory);
        start(stopOrder, SERVICES, fulfillment);
        start(stopOrder, RELAYS, fulfillmentRelay);
        for (AppProcess app : List.of(relay, orderHistory, fulfillment, fulfillmentRelay)) {
            app.awaitReady(START_TIMEOUT);
        }

        System.out.printf("""

                ================================================================================
                 Sluice demo is running. Legacy rows become events, then REST resources; the
                 fulfillment service answers with events of its own, through its outbox.
                 Legacy order system on %11$s (scripts/demo --source=%12$s).

                 operator console         http://localhost:%1$d/sluice/console   (admin token: %10$s)
                 order-history REST API   http://localhost:%2$d/orders   (try: curl -s localhost:%2$d/orders | head -c 600)
                                          http://localhost:%2$d/customers, OpenAPI at /q/openapi
                 fulfillment REST API     http://localhost:%8$d/shipments
                 relay health             http://localhost:%1$d/q/health (legacy OMS), :%9$d (fulfillment outbox)
                 topics                   orders.events, customers.events, shipments.events, sluice.dead-letter
                 watch events             scripts/watch-events orders.events shipments.events
                 %13$-24s %3$s  (user %4$s, password %5$s)%14$s
                 Kafka                    %6$s
                 logs                     %7$s

                 Ctrl-C stops everything this demo started.
                ================================================================================

                """, RELAY_PORT, SERVICE_PORT, legacy.jdbcUrl(), legacy.user(), legacy.password(), infra.kafkaBootstrap(), work,
                FULFILLMENT_PORT, FULFILLMENT_RELAY_PORT, ADMIN_TOKEN, source.label(), source.flag(),
                source.label() + " (legacy OMS)",
                source == DemoSource.MARIADB ? "\n PostgreSQL (services)    " + infra.jdbcUrl() : "");

        playTraffic(legacy, stopOrder);
    }

    /** Where the legacy OMS lives and how the legacy application (and the relay) log in. */
    private record LegacyDatabase(String jdbcUrl, String user, String password) {
    }

    /** The default: database {@code oms} on the demo's PostgreSQL. */
    private static LegacyDatabase legacyOnPostgres(SluiceInfrastructure infra) {
        infra.createDatabase("oms");
        return new LegacyDatabase(infra.jdbcUrl("oms"), infra.user(), infra.password());
    }

    /**
     * {@code --source=mariadb}: a private MariaDB (ROW binlog, full row images, GTIDs; stopped with PostgreSQL, after the
     * relays), or the server named by {@code SLUICE_MARIADB_URL}. The OMS tables live in its database {@code OMS};
     * the relay's default database {@code oms} holds the schema's Flyway history, as in the relay's MariaDB tests.
     */
    private static LegacyDatabase startMariaDb(Path servers, StopOrder stopOrder) {
        String database = "oms";
        String external = System.getenv("SLUICE_MARIADB_URL");
        if (external != null && !external.isBlank()) {
            MariaDbSource mariadb = MariaDbSource.shared(); // names the external server: nothing to start or stop
            mariadb.createDatabase(database);
            return new LegacyDatabase(mariadb.jdbcUrl(database), mariadb.user(), mariadb.password());
        }
        MariaDbServer server = stopOrder.start(DATABASES, "MariaDB", () -> MariaDbServer.create(servers.resolve("mariadb").resolve("data"))
                .start(), started -> () -> {
                    started.close();
                    return null;
                });
        server.createDatabase(database);
        return new LegacyDatabase(server.jdbcUrl(database), MariaDbServer.USER, MariaDbServer.PASSWORD);
    }

    /** Kafka and PostgreSQL, stopped last, Kafka first (the services and relays are gone by then). */
    private static SluiceInfrastructure startInfrastructure(Path servers, StopOrder stopOrder) {
        return stopOrder.start("Kafka and PostgreSQL", () -> SluiceInfrastructure.start(servers), infra -> {
            infra.kafka().ifPresent(kafka -> stopOrder.add(KAFKA, "Kafka", () -> {
                kafka.stop();
                return null;
            }));
            infra.postgres().ifPresent(postgres -> stopOrder.add(DATABASES, "PostgreSQL", () -> {
                postgres.stop();
                return null;
            }));
        });
    }

    /** Legacy writes and the warehouse, one step a second, on this thread, until stopping begins. */
    private static void playTraffic(LegacyDatabase legacy, StopOrder stopOrder) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        LegacyOms oms = stopOrder.start(TRAFFIC, "traffic simulator", () -> LegacyOms.connect(legacy.jdbcUrl(), legacy.user(),
                legacy.password()), connection -> () -> {
                    stop.countDown();
                    try {
                        return stopped.await(10, TimeUnit.SECONDS) ? null : "still in a step after 10 s";
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return "interrupted";
                    }
                });
        try (oms) {
            LegacyTrafficSimulator simulator = new LegacyTrafficSimulator(oms, System.out::println, System.nanoTime());
            Warehouse warehouse = new Warehouse("http://localhost:" + FULFILLMENT_PORT, System.out::println);
            while (!stop.await(STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                try {
                    simulator.step();
                    warehouse.step();
                } catch (IllegalStateException e) {
                    System.err.println(NAME + ": legacy write failed: " + e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    private static void start(StopOrder stopOrder, int stage, AppProcess app) {
        stopOrder.start(stage, app.name(), app::start, started -> () -> started.stop() ? null : "killed: no graceful stop within 20 s");
    }

    private static AppProcess app(String name, Path jar, Map<String, String> common, Map<String, String> own, Path log, int port)
            throws IOException {
        var env = new HashMap<>(common);
        env.putAll(own);
        Files.deleteIfExists(log);
        return AppProcess.of(name, jar, env, log, port).inOwnSession();
    }

    private static int port(String variable, int byDefault) {
        int port = Integer.parseInt(System.getenv().getOrDefault(variable, Integer.toString(byDefault)));
        return port == 0 ? Ports.free() : port;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next start overwrites it
        }
    }
}
