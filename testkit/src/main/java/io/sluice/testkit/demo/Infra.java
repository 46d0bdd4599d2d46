package io.sluice.testkit.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.sluice.testkit.InfrastructureException;
import io.sluice.testkit.PostgresCluster;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.process.StopOrder;

/**
 * {@code scripts/infra}: the project's private PostgreSQL (logical decoding) and Kafka broker, for trying Sluice on a
 * schema of one's own (docs/your-own-schema.md). Prints where they are, writes the same as environment variables to
 * {@code target/infra/infra.env} (the relay's variables, libpq's {@code PG*} for psql, {@code PSQL}), and runs until
 * Ctrl-C, SIGINT to its process group or SIGINT/SIGTERM to this JVM; then stops Kafka and PostgreSQL, one line each.
 * Every start is fresh: the data of the previous run is wiped.
 */
public final class Infra {

    private static final String NAME = "sluice-infra";

    private Infra() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("").toAbsolutePath().resolve("target/infra");
        Files.createDirectories(work);
        Path envFile = work.resolve("infra.env");
        StopOrder stopOrder = new StopOrder(NAME, System.out).finallyRun(() -> {
            try {
                Files.deleteIfExists(envFile);
            } catch (IOException e) {
                // the next start overwrites it
            }
        }).stopOnExit();
        SluiceInfrastructure infra;
        try {
            infra = stopOrder.start("Kafka and PostgreSQL", () -> SluiceInfrastructure.start(work.resolve("servers")), started -> {
                started.kafka().ifPresent(kafka -> stopOrder.add(0, "Kafka", () -> {
                    kafka.stop();
                    return null;
                }));
                started.postgres().ifPresent(postgres -> stopOrder.add(1, "PostgreSQL", () -> {
                    postgres.stop();
                    return null;
                }));
            });
        } catch (StopOrder.Stopping e) {
            return;
        } catch (InfrastructureException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        PostgresCluster postgres = infra.postgres().orElse(null);
        String jdbcUrl = infra.jdbcUrl();
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        String psql = postgres != null && Files.isExecutable(postgres.binDir().resolve("psql"))
                ? postgres.binDir().resolve("psql").toString()
                : "psql";
        Files.writeString(envFile, String.join("\n",
                "# Written by scripts/infra while it runs; load it with: set -a; . target/infra/infra.env; set +a",
                "QUARKUS_DATASOURCE_JDBC_URL=" + jdbcUrl,
                "QUARKUS_DATASOURCE_USERNAME=" + infra.user(),
                "QUARKUS_DATASOURCE_PASSWORD=" + infra.password(),
                "KAFKA_BOOTSTRAP_SERVERS=" + infra.kafkaBootstrap(),
                "SLUICE_KAFKA_BOOTSTRAP=" + infra.kafkaBootstrap(),
                "PGHOST=" + uri.getHost(),
                "PGPORT=" + uri.getPort(),
                "PGDATABASE=" + uri.getPath().substring(1),
                "PGUSER=" + infra.user(),
                "PGPASSWORD=" + infra.password(),
                "PSQL=" + psql,
                ""));
        System.out.printf("""

                ================================================================================
                 PostgreSQL (wal_level=logical)  %1$s
                                                 user %2$s, password %3$s
                 Kafka                           %4$s

                 The same as environment variables, for the relay, psql and scripts/watch-events:
                   %5$s
                 Load them in another terminal:  set -a; . %5$s; set +a
                 then: "$PSQL"                    (a psql session on that database)
                       java -jar outbox-relay/target/quarkus-app/quarkus-run.jar   (with SLUICE_MAPPING_DIR=...)
                 Walk-through: docs/your-own-schema.md

                 Ctrl-C stops Kafka and PostgreSQL (their data is wiped at the next start).
                ================================================================================
                %6$s: ready
                """, jdbcUrl, infra.user(), infra.password(), infra.kafkaBootstrap(), envFile, NAME);
        new CountDownLatch(1).await(); // until a signal: the shutdown hook stops everything
    }
}
