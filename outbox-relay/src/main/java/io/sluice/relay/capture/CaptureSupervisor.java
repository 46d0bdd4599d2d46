package io.sluice.relay.capture;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.source.SourceRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.adapter.outbox.OutboxTable;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingDefinitionException;
import io.sluice.relay.capture.RelayStatus.State;
import io.sluice.relay.metrics.RelayMetrics;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.publish.EventPublisher;
import io.sluice.relay.publish.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Runs the capture pipeline and keeps it running. On start it loads the mappings (a broken mapping
 * stops the relay with one line naming the file and key), applies Sluice's own migrations, waits for
 * the source database and the broker, becomes the leader of its replication slot (or stands by while
 * another instance leads, see {@link Leadership}), then runs the Debezium engine. When the engine fails
 * (database or broker gone, slot busy) it steps down and is restarted after a growing backoff; positions
 * recorded so far are kept, so nothing acknowledged is lost and nothing unacknowledged is skipped.
 */
@ApplicationScoped
public class CaptureSupervisor {

    private static final Logger LOG = Logger.getLogger(CaptureSupervisor.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    static final TableId HEARTBEAT_TABLE = new TableId("sluice", "heartbeat");

    @Inject
    RelayConfig config;
    @Inject
    RelayStatus status;
    @Inject
    RelayMetrics metrics;
    @Inject
    io.sluice.relay.snapshot.SnapshotProgress snapshots;
    @Inject
    BrokerProbe broker;
    @Inject
    ObjectMapper json;
    @Inject
    Flyway flyway;
    @Inject
    EventTracing tracing;
    @Inject
    javax.sql.DataSource dataSource;
    /** Java mappers for what mapping files cannot express: any {@code @ApplicationScoped} bean implementing it. */
    @Inject
    jakarta.enterprise.inject.Instance<io.sluice.adapter.spi.ChangeMapper> mappers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile MappingCatalog loadedCatalog;
    private volatile ChangeRouting loadedRouting;
    private final AtomicReference<DebeziumEngine<?>> engine = new AtomicReference<>();
    private Thread worker;
    private final java.util.concurrent.ScheduledExecutorService leaseRenewal = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "sluice-leadership");
                thread.setDaemon(true);
                return thread;
            });

    void onStart(@Observes StartupEvent event) {
        worker = new Thread(this::supervise, "sluice-capture");
        worker.start();
    }

    /** The mappings in force, once loaded. */
    public java.util.Optional<MappingCatalog> catalog() {
        return java.util.Optional.ofNullable(loadedCatalog);
    }

    /** How changes become events (adapter and outbox router in force), once the mappings are loaded. */
    public java.util.Optional<ChangeRouting> routing() {
        return java.util.Optional.ofNullable(loadedRouting);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping.countDown();
        closeEngine();
        if (worker != null) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }
        leaseRenewal.shutdownNow();
        status.enter(State.STOPPED, null);
    }

    private void supervise() {
        LegacyAdapter adapter;
        MappingCatalog catalog;
        OutboxRouter outbox;
        SourceDatabase database;
        try {
            catalog = MappingFiles.load(config.mapping().dir());
            adapter = new LegacyAdapter(catalog, mappers.stream().toList());
            outbox = outboxRouter();
            database = SourceDatabase.of(jdbcUrl, user, password.orElse(null));
            if (config.ha().leaseTimeout().compareTo(config.ha().pollInterval().multipliedBy(3)) < 0) {
                throw new StartupException("sluice.ha.lease-timeout=" + config.ha().leaseTimeout() + " is shorter than three renewals"
                        + " (sluice.ha.poll-interval=" + config.ha().pollInterval() + "): a busy leader would be fenced;"
                        + " raise the lease timeout or shorten the poll interval");
            }
            if (adapter.tables().isEmpty() && outbox.tables().isEmpty()) {
                throw new StartupException("Nothing to capture: no mapping file in sluice.mapping.dir=" + config.mapping().dir()
                        + " and no outbox table in sluice.outbox.tables");
            }
        } catch (StartupException | MappingDefinitionException | IllegalArgumentException e) {
            fatal(e.getMessage());
            return;
        }
        loadedCatalog = catalog;
        loadedRouting = new ChangeRouting(catalog, adapter, outbox);
        LOG.infof("Loaded mappings for %d legacy table(s) from %s, %d Java mapper(s); outbox tables %s", catalog.tables().size(),
                config.mapping().dir(), mappers.stream().count(), outbox.tables());

        Duration backoff = config.source().restartBackoff();
        try (Leadership leadership = new Leadership(database, config.source().slotName(), instanceName(), config.ha().leaseTimeout())) {
            status.identify(leadership.instance());
            while (!isStopping()) {
                try {
                    migrateSluiceSchema(database);
                    checkMappingsAgainstSource(catalog);
                    awaitBroker();
                    prepareOffsetTopic();
                    if (!awaitLeadership(leadership)) {
                        return;
                    }
                    runEngine(catalog, adapter, outbox, database, leadership);
                    backoff = config.source().restartBackoff();
                } catch (StartupException e) {
                    fatal(e.getMessage());
                    return;
                } catch (LeadershipLostException e) {
                    leadership.release();
                    if (isStopping()) {
                        return;
                    }
                    status.enter(State.STANDBY, e.getMessage());
                    LOG.warnf("%s; standing by", e.getMessage());
                } catch (RuntimeException e) {
                    // step down, so that a standby whose source and broker work can take over meanwhile
                    leadership.release();
                    if (isStopping()) {
                        return;
                    }
                    String problem = describe(e);
                    status.enter(State.RETRYING, problem);
                    LOG.errorf("%s; retrying in %d ms", problem, backoff.toMillis());
                    if (await(backoff)) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }

    /**
     * Waits until this instance leads the slot; meanwhile it is a standby. A leader that has stopped
     * renewing its lease is fenced ({@link Leadership}).
     *
     * @return false when the relay stops meanwhile
     */
    private boolean awaitLeadership(Leadership leadership) {
        String lastSeen = null;
        while (!isStopping()) {
            Optional<Leadership.Leader> leader;
            try {
                leader = leadership.tryAcquire();
            } catch (java.sql.SQLException e) {
                leadership.release();
                throw new SourceUnavailableException("Cannot ask the source database who leads replication slot "
                        + config.source().slotName() + ": " + e.getMessage(), e);
            }
            if (leader.isEmpty()) {
                status.leader(leadership.instance());
                return true;
            }
            status.leader(leader.get().instance());
            if (status.state() != State.STANDBY || !leader.get().instance().equals(lastSeen)) {
                status.enter(State.STANDBY, null);
                LOG.infof("Standing by: relay instance %s streams from replication slot %s", leader.get(), config.source().slotName());
                lastSeen = leader.get().instance();
            }
            if (await(config.ha().pollInterval())) {
                return false;
            }
        }
        return false;
    }

    private String instanceName() {
        return "sluice-relay " + config.ha().instanceName().orElseGet(() -> {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return host + "/" + ProcessHandle.current().pid();
        });
    }

    private String transactionalId(SourceDatabase database) {
        return config.publish().transactionalId().orElseGet(() -> "sluice-" + database.host() + ":" + database.port() + "/"
                + database.database() + "/" + config.source().slotName());
    }

    private void migrateSluiceSchema(SourceDatabase database) {
        try {
            // Quarkus's Flyway settings, on connections of their own: a migration that fails on a connection the
            // source closed (a restart) does not always return it, and would drain the shared pool
            var configuration = Flyway.configure()
                    .configuration(flyway.getConfiguration())
                    .dataSource(database.jdbcUrl(), database.user(), database.password());
            String familyMigrations = database.family().sluiceMigrations();
            if (configuration.getLocations().length == 1 && configuration.getLocations()[0].getPath().equals("db/sluice")
                    && !familyMigrations.equals("classpath:db/sluice")) {
                // the default: the family's own SQL, found by Flyway itself (Quarkus's build-time list holds db/sluice only)
                configuration.locations(familyMigrations).resourceProvider(null).javaMigrationClassProvider(null);
            }
            configuration.load().migrate();
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            if (sql != null && sql.getSQLState() != null && (sql.getSQLState().startsWith("28") || sql.getSQLState().equals("3D000"))) {
                throw new StartupException("Cannot log in to the source database " + database.jdbcUrl() + " as " + database.user()
                        + ": " + sql.getMessage() + " (check quarkus.datasource.username / quarkus.datasource.password"
                        + " / the database name)");
            }
            // connections pooled before the outage are dead: drop them all rather than hand them out again
            if (dataSource instanceof io.agroal.api.AgroalDataSource pool) {
                pool.flush(io.agroal.api.AgroalDataSource.FlushMode.ALL);
            }
            throw new SourceUnavailableException("Source database " + database.jdbcUrl() + " is unavailable: "
                    + (sql != null ? sql.getMessage() : e.getMessage()), e);
        }
    }

    private void checkMappingsAgainstSource(MappingCatalog catalog) {
        List<String> problems;
        try {
            problems = catalog.problemsAgainst(SourceSchema.columnsOf(dataSource, catalog.tables()));
        } catch (java.sql.SQLException e) {
            throw new SourceUnavailableException("Cannot read the source's table definitions: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new StartupException("The mappings do not fit the source tables: " + String.join("; ", problems));
        }
    }

    /** With positions in Kafka: their topic exists and is compacted, or the relay stops saying what to fix. */
    private void prepareOffsetTopic() {
        if (config.source().offsetStore() != RelayConfig.OffsetStore.KAFKA) {
            return;
        }
        try {
            broker.offsetTopicProblem(config.source().offsetTopic(), 5000).ifPresent(problem -> {
                throw new StartupException(problem);
            });
        } catch (IllegalStateException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }

    private void awaitBroker() {
        broker.problem(5000).ifPresent(problem -> {
            throw new BrokerUnavailableException(problem, null);
        });
    }

    private void runEngine(MappingCatalog catalog, LegacyAdapter adapter, OutboxRouter outbox, SourceDatabase database,
            Leadership leadership) {
        Set<TableId> captured = new HashSet<>(adapter.tables());
        captured.addAll(outbox.tables());
        // Heartbeat writes must reach the relay through the publication, or the slot's position never
        // moves on a database whose captured tables are idle (pgoutput sends nothing for other tables).
        captured.add(HEARTBEAT_TABLE);
        var settings = DebeziumSettings.of(config.source(), database, captured, bootstrapServers,
                config.publish().connectionSecurity());
        var converter = new ChangeRecordConverter(config.source().name(),
                settings.getProperty("unavailable.value.placeholder"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> failureMessage = new AtomicReference<>();
        AtomicReference<String> lost = new AtomicReference<>();
        var renewal = leaseRenewal.scheduleWithFixedDelay(() -> renew(leadership, lost), config.ha().pollInterval().toMillis(),
                config.ha().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        try (EventPublisher publisher = new EventPublisher(producerSettings(), json, config.publish().topicPattern(),
                config.publish().deadLetterTopic(), config.publish().transactions() ? transactionalId(database) : null, metrics::published,
                tracing)) {
            DebeziumEngine<RecordChangeEvent<SourceRecord>> running = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(settings)
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            status.enter(State.STREAMING, null);
                            LOG.infof("Streaming changes of %s from slot %s", database.jdbcUrl(), config.source().slotName());
                        }
                    })
                    .using((success, message, error) -> {
                        if (!success) {
                            failureMessage.set(message);
                            failure.set(error);
                        }
                    })
                    .notifying(snapshots.observing(new ChangeBatchHandler(converter, adapter, outbox, publisher, status, metrics), converter))
                    .build();
            engine.set(running);
            if (isStopping()) {
                return;
            }
            running.run();
        } finally {
            renewal.cancel(false);
            closeEngine();
        }
        if (lost.get() != null) {
            throw new LeadershipLostException(lost.get());
        }
        if (failure.get() != null && EventPublisher.isFencing(failure.get())) {
            throw new LeadershipLostException("Another relay instance took over replication slot " + config.source().slotName()
                    + " and fenced this one's producer (transactional id " + transactionalId(database) + ")");
        }
        if (!isStopping()) {
            throw new CaptureFailedException(failureMessage.get() != null ? failureMessage.get() : "Capture engine stopped unexpectedly",
                    failure.get());
        }
    }

    /** Runs on the renewal thread while the engine runs: a lease that cannot be renewed stops the engine. */
    private void renew(Leadership leadership, AtomicReference<String> lost) {
        try {
            leadership.renew();
        } catch (java.sql.SQLException | RuntimeException e) {
            if (lost.compareAndSet(null, "Lost the leadership of replication slot " + config.source().slotName()
                    + " (its lease could not be renewed: " + e.getMessage() + ")")) {
                LOG.warn(lost.get() + ": stopping the capture engine");
                closeEngine();
            }
        }
    }

    private OutboxRouter outboxRouter() {
        var columns = config.outbox().columns();
        return new OutboxRouter(config.outbox().tables().stream()
                .map(TableId::parse)
                .map(table -> new OutboxTable(table, columns.id(), columns.aggregateType(), columns.aggregateId(), columns.type(),
                        columns.payload(), columns.timestamp(), columns.tracingSpanContext(), config.outbox().additionalHeaders(),
                        config.outbox().additionalFields(), config.outbox().maxPayloadBytes()))
                .toList());
    }

    private Map<String, Object> producerSettings() {
        var settings = new java.util.HashMap<String, Object>(config.publish().kafka());
        settings.put("bootstrap.servers", bootstrapServers);
        config.publish().clientId().ifPresent(id -> settings.put("client.id", id));
        return settings;
    }

    private void closeEngine() {
        DebeziumEngine<?> running = engine.getAndSet(null);
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warnf("Closing the capture engine failed: %s", e.getMessage());
            }
        }
    }

    private void fatal(String message) {
        status.enter(State.STOPPED, message);
        LOG.error("Sluice relay cannot start: " + message);
        Quarkus.asyncExit(1);
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** @return true when the relay is stopping */
    private boolean await(Duration duration) {
        try {
            return stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = e.getCause();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
            text.append(": ").append(root.getMessage());
        }
        return text.toString();
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static final class SourceUnavailableException extends RuntimeException {
        SourceUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class BrokerUnavailableException extends RuntimeException {
        BrokerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class LeadershipLostException extends RuntimeException {
        LeadershipLostException(String message) {
            super(message);
        }
    }

    static final class CaptureFailedException extends RuntimeException {
        CaptureFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
