package io.sluice.relay.capture;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.adapter.outbox.OutboxTable;
import io.sluice.adapter.spi.ChangeMapper;
import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The {@link ChangeRouting} in force: loaded once at start (the mapping files of {@code sluice.mapping.dir}, the Java
 * mappers, the outbox tables), then shared by the capture and the admin operations (dead-letter replay, snapshots, the
 * published language), so that they all use the same mappings. An operator may reload them while the relay runs
 * ({@link #reload}): they pass the start-up checks against the source's live tables first.
 */
@ApplicationScoped
public class MappingsInForce {

    private static final Logger LOG = Logger.getLogger(MappingsInForce.class);

    @Inject
    RelayConfig config;
    /** Java mappers for what mapping files cannot express: any {@code @ApplicationScoped} bean implementing it. */
    @Inject
    Instance<ChangeMapper> mappers;
    @Inject
    ReplicaIdentityCheck replicaIdentity;
    @Inject
    StartupChecks checks;
    @Inject
    RelayStatus status;
    /** The run in progress, which a reload that captures other columns restarts. */
    @Inject
    CaptureRun capture;

    private volatile ChangeRouting routing;

    /**
     * Loads the mappings and makes them the ones in force (at start).
     *
     * @throws StartupException when the mapping directory is missing or unreadable
     * @throws io.sluice.adapter.mapping.MappingDefinitionException when a mapping is invalid
     * @throws IllegalArgumentException when an outbox table name is not schema-qualified
     */
    public synchronized ChangeRouting load() {
        routing = read();
        LOG.infof("Loaded mappings for %d legacy table(s) from %s, %d Java mapper(s); outbox tables %s",
                routing.catalog().tables().size(), config.mapping().dir(), mappers.stream().count(), routing.outbox().tables());
        return routing;
    }

    private ChangeRouting read() {
        MappingCatalog catalog = MappingFiles.load(config.mapping().dir());
        LegacyAdapter adapter = new LegacyAdapter(catalog, mappers.stream().toList(), replicaIdentity);
        return new ChangeRouting(catalog, adapter, outboxRouter(), config.badData());
    }

    /**
     * Records the table definitions the mappings in force were checked against (at the start of each capture run): from
     * then on, a change that no longer fits them is refused ({@link SchemaChangeCheck}).
     *
     * @param checked the mappings that were checked; nothing happens if a reload replaced them meanwhile
     */
    public synchronized void validated(ChangeRouting checked, Map<TableId, Map<String, String>> liveColumns) {
        if (routing != null && routing.catalog() == checked.catalog()) {
            routing = routing.validatedAgainst(SchemaChangeCheck.of(checked.catalog(), liveColumns, decimalAsText()));
        }
    }

    /**
     * Reads the mapping folder again and, if the mappings pass the start-up checks against the source's live tables, makes
     * them the ones in force: the stream takes them from its next batch on, the admin operations (dead-letter replay) at
     * once. Otherwise the mappings in force stay.
     *
     * @throws StartupException naming what does not fit, with the start-up check's message, or why the running capture
     *         cannot take them (a table it does not capture)
     * @throws io.sluice.adapter.mapping.MappingDefinitionException when a mapping file is invalid
     * @throws SourceUnavailableException when the source's tables cannot be read
     */
    public ChangeRouting reload() {
        Reloaded reloaded = swap();
        // outside the lock: the next capture run reads the mappings in force while it starts
        reloaded.restarted().ifPresent(MappingsInForce::awaitCaptured);
        return reloaded.routing();
    }

    /** The mappings now in force, and the restarted capture run's start when they capture other columns. */
    private record Reloaded(ChangeRouting routing, Optional<CompletableFuture<Void>> restarted) {
    }

    private synchronized Reloaded swap() {
        ChangeRouting next = read();
        checks.checkConfiguration(next);
        Set<TableId> added = new java.util.LinkedHashSet<>(next.capturedTables());
        routing().ifPresent(current -> added.removeAll(current.capturedTables()));
        if (routing != null && !added.isEmpty()) {
            throw new StartupException("The reloaded mappings read table(s) " + added + " that the running capture does not capture;"
                    + " restart the relay to capture them");
        }
        Map<TableId, Map<String, String>> live = checks.checkMappingsAgainstSource(next.catalog());
        ChangeRouting validated = next.validatedAgainst(SchemaChangeCheck.of(next.catalog(), live, decimalAsText()));
        // other columns to capture (a column mapped or no longer mapped): the engine stops before the mappings change
        Optional<CompletableFuture<Void>> restarted = capture.restartFor(validated);
        routing = validated;
        status.clearSchemaChanges();
        LOG.infof("Reloaded mappings for %d legacy table(s) from %s", next.catalog().tables().size(), config.mapping().dir());
        return new Reloaded(validated, restarted);
    }

    /**
     * Waits until the capture run after a reload streams, with the publication readied: a change written after the reload
     * carries the columns the reloaded mappings read.
     */
    private static void awaitCaptured(CompletableFuture<Void> readied) {
        try {
            readied.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("The mappings are reloaded, but the capture engine has not started again with their columns within 60 s: %s"
                    + " (see the relay's state in /sluice/admin/status)", e.toString());
        }
    }

    /** Whether Debezium hands decimals over as text ({@code decimal.handling.mode=string}): their kind is not checked. */
    private boolean decimalAsText() {
        return "string".equalsIgnoreCase(config.source().debezium().get("decimal.handling.mode"));
    }

    /** How changes become events, once the mappings are loaded. */
    public Optional<ChangeRouting> routing() {
        return Optional.ofNullable(routing);
    }

    /** The mappings in force, once loaded. */
    public Optional<MappingCatalog> catalog() {
        return routing().map(ChangeRouting::catalog);
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
}
