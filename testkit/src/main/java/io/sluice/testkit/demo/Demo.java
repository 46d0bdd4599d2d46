package io.sluice.testkit.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sluice.testkit.InfrastructureException;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyTrafficSimulator;
import io.sluice.testkit.process.AppProcess;

/**
 * The demo: starts PostgreSQL and Kafka, creates the legacy OMS database, starts the packaged relay
 * on it, the order-history and fulfillment services, and a second relay on fulfillment's database (its
 * outbox), then plays legacy traffic and a warehouse that dispatches shipments until Ctrl-C, and stops
 * everything it started. The full loop: legacy row → relay → OrderPlaced → fulfillment → its outbox →
 * relay → ShipmentDispatched → order-history. Run it with {@code scripts/demo} from the repository root.
 */
public final class Demo {

    private static final int RELAY_PORT = Integer.parseInt(System.getenv().getOrDefault("SLUICE_DEMO_RELAY_PORT", "8080"));
    private static final int SERVICE_PORT = Integer.parseInt(System.getenv().getOrDefault("SLUICE_DEMO_SERVICE_PORT", "8081"));
    private static final int FULFILLMENT_PORT = Integer.parseInt(System.getenv().getOrDefault("SLUICE_DEMO_FULFILLMENT_PORT", "8082"));
    private static final int FULFILLMENT_RELAY_PORT = Integer.parseInt(System.getenv().getOrDefault("SLUICE_DEMO_FULFILLMENT_RELAY_PORT", "8083"));
    /** The relay's admin token: opens its console and admin API. */
    private static final String ADMIN_TOKEN = System.getenv().getOrDefault("SLUICE_DEMO_ADMIN_TOKEN",
            "demo-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    private static final long STEP_MILLIS = Long.parseLong(System.getenv().getOrDefault("SLUICE_DEMO_STEP_MS", "1000"));

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("target/demo");
        Files.createDirectories(work);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AppProcess[] apps = new AppProcess[4];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            System.out.println("\nsluice-demo: stopping the services, Kafka and PostgreSQL ...");
            for (int i = apps.length - 1; i >= 0; i--) {
                if (apps[i] != null) {
                    apps[i].stop();
                }
            }
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            SluiceInfrastructure.shared().stop();
            System.out.println("sluice-demo: stopped.");
        }, "sluice-demo-stop"));

        SluiceInfrastructure infra;
        try {
            infra = SluiceInfrastructure.shared();
            infra.createDatabase("oms");
            infra.createDatabase("order_history");
            infra.createDatabase("fulfillment");
            LegacyOms.migrate(infra.jdbcUrl("oms"), infra.user(), infra.password());
        } catch (InfrastructureException | IllegalStateException e) {
            System.err.println("sluice-demo: " + e.getMessage());
            System.exit(1);
            return;
        }
        Files.writeString(work.resolve("infra.env"), "SLUICE_KAFKA_BOOTSTRAP=" + infra.kafkaBootstrap() + "\n"
                + "SLUICE_PG_URL=" + infra.jdbcUrl("oms") + "\n");

        Map<String, String> common = Map.of(
                "QUARKUS_DATASOURCE_USERNAME", infra.user(),
                "QUARKUS_DATASOURCE_PASSWORD", infra.password(),
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        apps[0] = app("relay", root.resolve("outbox-relay/target/quarkus-app/quarkus-run.jar"), common, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("oms"),
                "SLUICE_MAPPING_DIR", root.resolve("outbox-relay/mappings").toString(),
                "SLUICE_SOURCE_NAME", "oms",
                "SLUICE_ADMIN_TOKEN", ADMIN_TOKEN), work.resolve("relay.log"), RELAY_PORT);
        apps[1] = app("order-history", root.resolve("modern-services/order-history/target/quarkus-app/quarkus-run.jar"), common, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("order_history")), work.resolve("order-history.log"), SERVICE_PORT);
        apps[2] = app("fulfillment", root.resolve("modern-services/fulfillment/target/quarkus-app/quarkus-run.jar"), common, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("fulfillment")), work.resolve("fulfillment.log"), FULFILLMENT_PORT);
        // the same relay, attached to fulfillment's database: no legacy mappings, just its outbox table
        Path noMappings = Files.createDirectories(work.resolve("no-mappings"));
        apps[3] = app("fulfillment-relay", root.resolve("outbox-relay/target/quarkus-app/quarkus-run.jar"), common, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl("fulfillment"),
                "SLUICE_MAPPING_DIR", noMappings.toString(),
                "SLUICE_SOURCE_NAME", "fulfillment",
                "SLUICE_SOURCE_SLOT_NAME", "sluice_fulfillment",
                "SLUICE_OUTBOX_TABLES", "fulfillment.outbox_event"), work.resolve("fulfillment-relay.log"), FULFILLMENT_RELAY_PORT);
        try {
            for (AppProcess app : apps) {
                app.start();
            }
            for (AppProcess app : apps) {
                app.awaitReady(Duration.ofSeconds(90));
            }
        } catch (IllegalStateException e) {
            System.err.println("sluice-demo: " + e.getMessage());
            System.exit(1);
            return;
        }

        System.out.printf("""

                ================================================================================
                 Sluice demo is running. Legacy rows become events, then REST resources; the
                 fulfillment service answers with events of its own, through its outbox.

                 operator console         http://localhost:%1$d/sluice/console   (admin token: %10$s)
                 order-history REST API   http://localhost:%2$d/orders   (try: curl -s localhost:%2$d/orders | head -c 600)
                                          http://localhost:%2$d/customers, OpenAPI at /q/openapi
                 fulfillment REST API     http://localhost:%8$d/shipments
                 relay health             http://localhost:%1$d/q/health (legacy OMS), :%9$d (fulfillment outbox)
                 topics                   orders.events, customers.events, shipments.events, sluice.dead-letter
                 watch events             scripts/watch-events orders.events shipments.events
                 PostgreSQL (legacy OMS)  %3$s  (user %4$s, password %5$s)
                 Kafka                    %6$s
                 logs                     %7$s

                 Ctrl-C stops everything this demo started.
                ================================================================================

                """, RELAY_PORT, SERVICE_PORT, infra.jdbcUrl("oms"), infra.user(), infra.password(), infra.kafkaBootstrap(), work,
                FULFILLMENT_PORT, FULFILLMENT_RELAY_PORT, ADMIN_TOKEN);

        try (LegacyOms oms = LegacyOms.connect(infra.jdbcUrl("oms"), infra.user(), infra.password())) {
            LegacyTrafficSimulator simulator = new LegacyTrafficSimulator(oms, System.out::println, System.nanoTime());
            Warehouse warehouse = new Warehouse("http://localhost:" + FULFILLMENT_PORT, System.out::println);
            while (!stop.await(STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                try {
                    simulator.step();
                    warehouse.step();
                } catch (IllegalStateException e) {
                    if (stop.getCount() == 0) {
                        break;
                    }
                    System.err.println("sluice-demo: legacy write failed: " + e.getMessage());
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private static AppProcess app(String name, Path jar, Map<String, String> common, Map<String, String> own, Path log, int port)
            throws IOException {
        var env = new java.util.HashMap<>(common);
        env.putAll(own);
        Files.deleteIfExists(log);
        try {
            return AppProcess.of(name, jar, env, log, port);
        } catch (IllegalStateException e) {
            System.err.println("sluice-demo: " + e.getMessage());
            System.exit(1);
            throw e;
        }
    }
}
