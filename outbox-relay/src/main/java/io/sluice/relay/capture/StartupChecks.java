package io.sluice.relay.capture;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.source.SourceFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What must hold before the relay captures anything; each failed check throws a {@link StartupException} that names the
 * setting or mapping to fix (the relay stops), or a {@link SourceUnavailableException} when the source cannot be asked
 * (worth retrying).
 */
@ApplicationScoped
public class StartupChecks {

    @Inject
    RelayConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    ReplicaIdentityCheck replicaIdentity;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.username")
    String user;

    /** Settings that contradict each other, and a relay with nothing to capture. */
    public void checkConfiguration(ChangeRouting routing) {
        if (config.ha().leaseTimeout().compareTo(config.ha().pollInterval().multipliedBy(3)) < 0) {
            throw new StartupException("sluice.ha.lease-timeout=" + config.ha().leaseTimeout() + " is shorter than three renewals"
                    + " (sluice.ha.poll-interval=" + config.ha().pollInterval() + "): a busy leader would be fenced;"
                    + " raise the lease timeout or shorten the poll interval");
        }
        if (routing.capturedTables().isEmpty()) {
            throw new StartupException("Nothing to capture: no mapping file in sluice.mapping.dir=" + config.mapping().dir()
                    + " and no outbox table in sluice.outbox.tables");
        }
    }

    /**
     * The mappings against the source's live tables: every mapped table and column exists, with a type that fits, and
     * every old value a rule reads is logged ({@link ReplicaIdentityCheck}).
     *
     * @return the mapped tables' live columns (name → SQL data type) the mappings were checked against
     */
    public java.util.Map<io.sluice.adapter.change.TableId, java.util.Map<String, String>> checkMappingsAgainstSource(
            MappingCatalog catalog) {
        List<String> problems;
        java.util.Map<io.sluice.adapter.change.TableId, java.util.Map<String, String>> live;
        try {
            problems = new java.util.ArrayList<>(sourceProblems(catalog));
            live = SourceSchema.columnsOf(dataSource, catalog.tables());
            problems.addAll(catalog.problemsAgainst(live));
        } catch (SQLException e) {
            throw new SourceUnavailableException("Cannot read the source's table definitions: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new StartupException("The mappings do not fit the source tables: " + String.join("; ", problems));
        }
        replicaIdentity.check(catalog);
        return live;
    }

    /** The family's own checks of the source: server settings and privileges (MariaDB: binlog on, ROW, FULL images). */
    private List<String> sourceProblems(MappingCatalog catalog) throws SQLException {
        java.util.Set<io.sluice.adapter.change.TableId> captured = new java.util.HashSet<>(catalog.tables());
        config.outbox().tables().stream().map(io.sluice.adapter.change.TableId::parse).forEach(captured::add);
        SourceFamily family = SourceFamily.of(jdbcUrl);
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return family.startupProblems(connection, user, captured).stream()
                    .map(problem -> "the " + family.displayName() + " source cannot be captured: " + problem).toList();
        }
    }
}
