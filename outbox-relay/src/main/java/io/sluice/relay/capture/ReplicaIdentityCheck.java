package io.sluice.relay.capture;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.sluice.adapter.change.OldImage;
import io.sluice.adapter.change.OldImages;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.config.RelayConfig.MissingOldValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Never a value the change did not carry: compares what the mapping rules read from old row images (delete events,
 * {@code changed}, {@code transition}, {@code image: before}) with what the source logs of them (PostgreSQL's replica
 * identity), before each start of the capture engine. With {@code sluice.mapping.missing-old-values=fail} (default) a
 * rule the source cannot serve stops the relay naming table, rule, columns and fix; with {@code dead-letter} it starts, and
 * the adapter, which asks this bean what the source logs, dead-letters each change that rule would need the values for.
 */
@ApplicationScoped
public class ReplicaIdentityCheck implements OldImages {

    private static final Logger LOG = Logger.getLogger(ReplicaIdentityCheck.class);

    @Inject
    DataSource dataSource;
    @Inject
    RelayConfig config;

    private volatile Map<TableId, OldImage> images = Map.of();

    /**
     * Reads the replica identity of every mapped table and compares it with what the rules read.
     *
     * @throws StartupException with {@code fail}, when a rule reads old values the source does not log
     * @throws SourceUnavailableException when the source's catalogue cannot be read (retried)
     */
    public void check(MappingCatalog catalog) {
        Map<TableId, OldImage> found;
        try {
            found = SourceSchema.oldImagesOf(dataSource, catalog.mappings().stream().map(m -> m.table())
                    .collect(java.util.stream.Collectors.toSet()));
        } catch (SQLException e) {
            throw new SourceUnavailableException("Cannot read the replica identity of the source tables: " + e.getMessage(), e);
        }
        images = Map.copyOf(found);
        List<String> problems = catalog.missingOldValues(OldImages.of(found));
        if (problems.isEmpty()) {
            return;
        }
        if (config.mapping().missingOldValues() == MissingOldValues.FAIL) {
            throw new StartupException("Mapping rules read old values the source does not log: " + String.join(" ", problems)
                    + " Or set sluice.mapping.missing-old-values=dead-letter to start and dead-letter the changes these rules cannot map.");
        }
        problems.forEach(problem -> LOG.warnf("%s Meanwhile the changes this rule cannot map go to the dead-letter topic"
                + " (sluice.mapping.missing-old-values=dead-letter).", problem));
    }

    @Override
    public Optional<OldImage> of(TableId table) {
        return Optional.ofNullable(images.get(table));
    }
}
