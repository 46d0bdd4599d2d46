package io.sluice.relay.capture;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Only the columns the mappings need leave the database (issue 18, point 5). Before each capture run it works out the
 * {@link ColumnSelection} and readies the PostgreSQL publication for it:
 * <ul>
 * <li>a publication Sluice may change (Debezium's {@code publication.autocreate.mode} left at {@code filtered}, the
 * publication missing or owned by the relay's user), on PostgreSQL 15+: created, or set, with column lists; Debezium
 * then leaves it alone ({@code disabled});</li>
 * <li>a publication made by someone else ({@code publication.autocreate.mode=disabled}, or one the relay's user does not
 * own): checked, and the relay stops naming each table, the columns it lacks and the statement that adds them;</li>
 * <li>otherwise (older PostgreSQL, a publication {@code FOR ALL TABLES}, MariaDB): Debezium's column filter only, said
 * once in the log.</li>
 * </ul>
 * Debezium's {@code column.include.list} ({@link DebeziumSettings}) narrows the same columns in every case.
 */
@ApplicationScoped
public class PublicationColumns {

    private static final Logger LOG = Logger.getLogger(PublicationColumns.class);
    private static final String AUTOCREATE = "publication.autocreate.mode";

    @Inject
    RelayConfig config;
    @Inject
    DataSource dataSource;

    private volatile ColumnSelection selection = ColumnSelection.ALL;
    private volatile boolean managed;
    /** The tables Sluice put in its publication for the run in progress, when it readied the publication. */
    private volatile Set<TableId> publishedTables = Set.of();

    /** What the publication of a name is, if it exists. */
    private record Publication(boolean exists, boolean allTables, boolean alterable, Map<TableId, List<String>> tables) {
    }

    /**
     * @throws StartupException when a publication made by someone else lacks what the mappings need, or the relay's user
     *                          may not create the publication
     * @throws SourceUnavailableException when the source cannot be asked (retried)
     */
    public void prepare(ChangeRouting routing) {
        String name = config.source().publicationName();
        try (Connection connection = dataSource.getConnection()) {
            Readied readied = prepare(connection, routing, name, config.source().debezium().getOrDefault(AUTOCREATE, "filtered"),
                    config.source().captureColumns());
            selection = readied.selection();
            managed = readied.bySluice();
            publishedTables = readied.bySluice() ? readied.tables() : Set.of();
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new StartupException("The relay's user may not create or change publication " + name
                        + " with the captured columns: " + e.getMessage() + " (let a DBA create it, see docs/existing-database.md,"
                        + " and set sluice.source.debezium.\"publication.autocreate.mode\"=disabled)");
            }
            throw new SourceUnavailableException("Cannot ready publication " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #prepare(ChangeRouting)} found: the columns captured, whether Sluice readied the publication, and the
     * tables it holds then.
     */
    record Readied(ColumnSelection selection, boolean bySluice, Set<TableId> tables) {
    }

    /**
     * The columns a capture of these mappings would capture now, from the live tables: a reload whose mappings read other
     * columns needs a new capture run ({@link CaptureRun#restartFor}).
     *
     * @throws SourceUnavailableException when the source's tables cannot be read
     */
    public ColumnSelection selectionFor(ChangeRouting routing) {
        if (config.source().captureColumns() == RelayConfig.CaptureColumns.ALL) {
            return ColumnSelection.ALL;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return ColumnSelection.ALL;
            }
            return ColumnSelection.of(routing, SourceSchema.liveTablesOf(connection, routing.capturedTables()));
        } catch (SQLException e) {
            throw new SourceUnavailableException("Cannot read the columns of the captured tables: " + e.getMessage(), e);
        }
    }

    /**
     * Tables Sluice put in its publication for the run in progress that are no longer in it: PostgreSQL removes a table
     * from a publication when a column of its column list is dropped with {@code CASCADE}, and a DBA may remove one. Their
     * changes are not captured from then on. Empty when the publication is not Sluice's, or the source cannot be asked.
     */
    public Set<TableId> leftPublication() {
        Set<TableId> expected = publishedTables;
        if (expected.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            Set<TableId> missing = new LinkedHashSet<>(expected);
            missing.removeAll(publication(connection, config.source().publicationName(), true).tables().keySet());
            return missing;
        } catch (SQLException e) {
            return Set.of(); // the source is unreachable: the engine reports that itself
        }
    }

    /**
     * @param name       the publication's name
     * @param mode       Debezium's {@code publication.autocreate.mode} in force ({@code disabled}: the publication is a DBA's)
     * @param capture    {@code all}: nothing narrowed (a publication narrowed before is widened again)
     */
    static Readied prepare(Connection connection, ChangeRouting routing, String name, String mode, RelayConfig.CaptureColumns capture)
            throws SQLException {
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return new Readied(ColumnSelection.ALL, false, Set.of()); // MariaDB's row images hold every column; not narrowed there
        }
        Set<TableId> published = new LinkedHashSet<>(routing.capturedTables());
        published.add(DebeziumSettings.SIGNAL_TABLE);
        published.add(DebeziumSettings.HEARTBEAT_TABLE);
        Map<TableId, ColumnSelection.LiveTable> live = SourceSchema.liveTablesOf(connection, published);
        ColumnSelection chosen = capture == RelayConfig.CaptureColumns.ALL ? ColumnSelection.ALL : ColumnSelection.of(routing, live);
        boolean bySluice = ready(connection, name, mode, routing.capturedTables(), published, chosen, live);
        published.retainAll(live.keySet());
        return new Readied(chosen, bySluice, Set.copyOf(published));
    }

    /** The columns the next capture run captures. */
    public ColumnSelection selection() {
        return selection;
    }

    /** Whether Sluice made the publication for the next run (then Debezium must not recreate it without column lists). */
    public boolean managedBySluice() {
        return managed;
    }

    /** @return whether Sluice readied the publication itself */
    private static boolean ready(Connection connection, String name, String mode, Set<TableId> captured, Set<TableId> tables,
            ColumnSelection chosen, Map<TableId, ColumnSelection.LiveTable> live) throws SQLException {
        int major = connection.getMetaData().getDatabaseMajorVersion();
        Publication publication = publication(connection, name, major >= 15);
        if (major >= 15 && ("disabled".equals(mode) || publication.exists() && !publication.alterable())) {
            requireCovered(name, publication, captured, chosen, live, "disabled".equals(mode));
            return false;
        }
        if (major < 15 || !"filtered".equals(mode) || publication.allTables()) {
            if (!chosen.narrows()) {
                return false;
            }
            LOG.infof("Publication %s carries every column of the captured tables (%s); Debezium's column filter drops the columns"
                    + " no mapping reads in the relay: %s", name,
                    major < 15
                            ? "PostgreSQL " + major + " has no publication column lists"
                            : publication.allTables() ? "it is FOR ALL TABLES" : AUTOCREATE + "=" + mode,
                    chosen);
            return false;
        }
        Set<TableId> present = new LinkedHashSet<>(tables);
        present.retainAll(live.keySet()); // as Debezium's filtered mode: the tables that exist
        String statement = publication.exists()
                ? PublicationStatements.setTables(name, present, chosen)
                : PublicationStatements.create(name, present, chosen);
        if (!publication.exists() || !PublicationStatements.upToDate(publication.tables(), present, chosen, live)) {
            try (var update = connection.createStatement()) {
                update.execute(statement);
            }
            LOG.infof("Publication %s readied for the captured columns: %s", name, statement);
        }
        if (!chosen.narrowedByDebeziumOnly().isEmpty()) {
            LOG.infof("%s: REPLICA IDENTITY FULL, so PostgreSQL allows no column list for their updates and deletes; all their columns"
                    + " reach the relay, where Debezium's column filter drops the ones no mapping reads", chosen.narrowedByDebeziumOnly());
        }
        return true;
    }

    private static void requireCovered(String name, Publication publication, Set<TableId> captured, ColumnSelection chosen,
            Map<TableId, ColumnSelection.LiveTable> live, boolean disabled) {
        Map<TableId, List<String>> needed = new HashMap<>();
        for (TableId table : captured) {
            chosen.columnsOf(table).or(() -> java.util.Optional.ofNullable(live.get(table)).map(ColumnSelection.LiveTable::columns))
                    .ifPresent(columns -> needed.put(table, columns));
        }
        List<String> problems = PublicationStatements.missing(name, publication.tables(), needed);
        if (!publication.exists()) {
            throw new StartupException("Publication " + name + " does not exist and is not Sluice's to create (sluice.source.debezium.\""
                    + AUTOCREATE + "\"=disabled); create it for the captured tables: "
                    + PublicationStatements.create(name, captured, chosen) + ";");
        }
        if (!problems.isEmpty()) {
            throw new StartupException("Publication " + name + " (" + (disabled ? AUTOCREATE + "=disabled" : "owned by another role")
                    + ", so Sluice does not change it) does not carry what the mappings read: " + String.join(" ", problems));
        }
    }

    private static Publication publication(Connection connection, String name, boolean columnLists) throws SQLException {
        boolean exists = false;
        boolean allTables = false;
        boolean alterable = false;
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT p.puballtables, pg_has_role(p.pubowner, 'USAGE') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                  FROM pg_publication p WHERE p.pubname = ?""")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                if (result.next()) {
                    exists = true;
                    allTables = result.getBoolean(1);
                    alterable = result.getBoolean(2);
                }
            }
        }
        Map<TableId, List<String>> tables = new HashMap<>();
        if (exists && columnLists) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT schemaname, tablename, attnames::text[] FROM pg_publication_tables WHERE pubname = ?")) {
                query.setString(1, name);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        Array columns = result.getArray(3);
                        tables.put(new TableId(result.getString(1), result.getString(2)),
                                columns == null ? List.of() : List.of((String[]) columns.getArray()));
                    }
                }
            }
        }
        return new Publication(exists, allTables, alterable, tables);
    }
}
