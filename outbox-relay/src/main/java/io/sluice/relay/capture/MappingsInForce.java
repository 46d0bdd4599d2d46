package io.sluice.relay.capture;

import java.util.Optional;

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
 * published language), so that they all use the same mappings.
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

    private volatile ChangeRouting routing;

    /**
     * Loads the mappings and makes them the ones in force.
     *
     * @throws StartupException when the mapping directory is missing or unreadable
     * @throws io.sluice.adapter.mapping.MappingDefinitionException when a mapping is invalid
     * @throws IllegalArgumentException when an outbox table name is not schema-qualified
     */
    public ChangeRouting load() {
        MappingCatalog catalog = MappingFiles.load(config.mapping().dir());
        LegacyAdapter adapter = new LegacyAdapter(catalog, mappers.stream().toList(), replicaIdentity);
        OutboxRouter outbox = outboxRouter();
        routing = new ChangeRouting(catalog, adapter, outbox, config.badData());
        LOG.infof("Loaded mappings for %d legacy table(s) from %s, %d Java mapper(s); outbox tables %s", catalog.tables().size(),
                config.mapping().dir(), mappers.stream().count(), outbox.tables());
        return routing;
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
