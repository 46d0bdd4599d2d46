package io.sluice.testkit;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * PostgreSQL and Kafka for one JVM (a test run or the demo), started once on first use and stopped when
 * the JVM ends. Set {@code SLUICE_PG_URL} (with {@code SLUICE_PG_USER}, {@code SLUICE_PG_PASSWORD}) or
 * {@code SLUICE_KAFKA_BOOTSTRAP} (environment or system property) to use existing servers instead.
 */
public final class SluiceInfrastructure implements SourceServer {

    private static SluiceInfrastructure shared;

    /** Kafka's clients log every reconnect at INFO; in tests and the demo only their warnings matter. */
    private static final java.util.logging.Logger KAFKA_CLIENT_LOG = quiet("org.apache.kafka");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private final PostgresCluster postgres;
    private final KafkaBroker kafka;
    private final String externalJdbcUrl;
    private final String user;
    private final String password;
    private final String kafkaBootstrap;

    private SluiceInfrastructure(PostgresCluster postgres, KafkaBroker kafka, String externalJdbcUrl, String user, String password,
            String kafkaBootstrap) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.externalJdbcUrl = externalJdbcUrl;
        this.user = user;
        this.password = password;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /**
     * The infrastructure of this JVM, started on first call.
     *
     * @throws InfrastructureException with a one-line cause when a server cannot start
     */
    public static synchronized SluiceInfrastructure shared() {
        if (shared == null) {
            shared = start(Path.of("target", "sluice-infra", "run-" + ProcessHandle.current().pid()));
            SluiceInfrastructure started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "sluice-infra-stop"));
        }
        return shared;
    }

    /**
     * Starts PostgreSQL and Kafka (or takes the existing servers named by {@code SLUICE_PG_URL} /
     * {@code SLUICE_KAFKA_BOOTSTRAP}) with their data under {@code workDir}, for a caller that stops them itself, in
     * its own order (the demo, {@code scripts/infra}): unlike {@link #shared()}, no shutdown hook of its own.
     *
     * @throws InfrastructureException with a one-line cause when a server cannot start
     */
    public static SluiceInfrastructure start(Path workDir) {
        String pgUrl = setting("SLUICE_PG_URL");
        String bootstrap = setting("SLUICE_KAFKA_BOOTSTRAP");
        CompletableFuture<KafkaBroker> kafka = bootstrap != null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> KafkaBroker.create(workDir.resolve("kafka")).start());
        PostgresCluster postgres = null;
        try {
            if (pgUrl == null) {
                postgres = PostgresCluster.create(null, workDir.resolve("postgres").resolve("data")).start();
            }
            KafkaBroker broker = kafka.join();
            return new SluiceInfrastructure(postgres, broker, pgUrl,
                    pgUrl != null ? setting("SLUICE_PG_USER") : PostgresCluster.USER,
                    pgUrl != null ? Optional.ofNullable(setting("SLUICE_PG_PASSWORD")).orElse("") : PostgresCluster.PASSWORD,
                    broker != null ? broker.bootstrapServers() : bootstrap);
        } catch (RuntimeException e) {
            if (postgres != null) {
                postgres.stop();
            }
            kafka.thenAccept(b -> {
                if (b != null) {
                    b.stop();
                }
            });
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** JDBC URL of the default database ({@code sluice}, or the external one). */
    public String jdbcUrl() {
        return postgres != null ? postgres.jdbcUrl() : externalJdbcUrl;
    }

    /** JDBC URL of another database on the same server. */
    @Override
    public String jdbcUrl(String database) {
        if (postgres != null) {
            return postgres.jdbcUrl(database);
        }
        int slash = externalJdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = externalJdbcUrl.indexOf('?', Math.max(slash, 0));
        return externalJdbcUrl.substring(0, slash + 1) + database + (query >= 0 ? externalJdbcUrl.substring(query) : "");
    }

    /** Creates a database on the server if it does not exist. */
    @Override
    public void createDatabase(String database) {
        if (postgres != null) {
            postgres.createDatabase(database);
            return;
        }
        PostgresCluster.createDatabase(externalJdbcUrl, user, password, database);
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** The private PostgreSQL cluster, when this JVM started one (for restart tests). */
    public Optional<PostgresCluster> postgres() {
        return Optional.ofNullable(postgres);
    }

    /** The private Kafka broker, when this JVM started one (for restart tests). */
    public Optional<KafkaBroker> kafka() {
        return Optional.ofNullable(kafka);
    }

    /** Stops what this JVM started. Safe to call more than once. */
    public synchronized void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
