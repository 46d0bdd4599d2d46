package io.sluice.relay.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.ChangeRouting;
import io.sluice.relay.capture.DebeziumSettings;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.source.SourceFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Requests incremental snapshots of captured tables: Debezium reads them again in chunks, by primary key, while it
 * goes on streaming, and the relay maps each row like an inserted one (mapped events with {@code on: insert}, outbox
 * events). The request is an {@code execute-snapshot} row in the signalling table {@code sluice.debezium_signal},
 * which reaches Debezium through the change log, so it works under the least-privilege role (the role owns schema
 * {@code sluice}) and is carried out even if the relay restarts before Debezium saw it.
 */
@ApplicationScoped
public class IncrementalSnapshots {

    private static final Logger LOG = Logger.getLogger(IncrementalSnapshots.class);

    @Inject
    MappingsInForce mappings;
    @Inject
    DataSource dataSource;
    @Inject
    SnapshotProgress progress;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /**
     * Requests a snapshot of the tables, in this order.
     *
     * @param tableNames captured tables, {@code schema.table} as the database spells them
     * @throws OperationRefusedException naming the table that is not captured, the snapshot that still runs, or the problem
     */
    public synchronized SnapshotView request(List<String> tableNames) {
        ChangeRouting routing = mappings.routing()
                .orElseThrow(() -> new OperationRefusedException(503, "The relay has not loaded its mappings yet; try again shortly"));
        if (tableNames == null || tableNames.isEmpty()) {
            throw new OperationRefusedException(400, "Name at least one captured table, e.g. {\"tables\": [\"OMS.ORDHDR\"]}");
        }
        Set<TableId> captured = routing.capturedTables();
        Set<TableId> tables = new LinkedHashSet<>();
        for (String name : tableNames) {
            TableId table = name == null ? null : TableId.parse(name.strip());
            if (table == null || !captured.contains(table)) {
                throw new OperationRefusedException(400,
                        "Table " + name + " is not captured by this relay, so it cannot be snapshotted; captured "
                                + "tables (case matters): " + new TreeSet<>(captured.stream().map(TableId::toString).toList()));
            }
            tables.add(table);
        }
        progress.unfinished().ifPresent(running -> {
            throw new OperationRefusedException(409,
                    "Incremental snapshot " + running + " has not finished; request the next one when it has "
                            + "(GET /sluice/admin/snapshots/" + running + ")");
        });

        List<TableSnapshot> expected = new ArrayList<>();
        for (TableId table : tables) {
            TableSizes.Size size = TableSizes.of(dataSource, SourceFamily.of(jdbcUrl), table);
            expected.add(new TableSnapshot(table, size.rows(), size.estimated()));
        }
        String id = UUID.randomUUID().toString();
        SnapshotView view = progress.register(id, expected);
        try {
            signal(id, tables);
        } catch (SQLException | JsonProcessingException e) {
            String problem = "Cannot write the execute-snapshot signal to " + DebeziumSettings.SIGNAL_TABLE + ": " + e.getMessage();
            progress.abandon(id, problem);
            throw new OperationRefusedException(503, problem);
        }
        LOG.infof("Incremental snapshot %s requested: %s", id, expected.stream()
                .map(t -> t.table + " (" + (t.rowsTotal == null ? "? rows" : (t.totalEstimated ? "~" : "") + t.rowsTotal + " rows") + ")")
                .toList());
        return view;
    }

    private void signal(String id, Set<TableId> tables) throws SQLException, JsonProcessingException {
        // Debezium matches data-collections as regular expressions against schema.table: quote them.
        String data = json.writeValueAsString(Map.of("type", "incremental", "data-collections",
                tables.stream().map(t -> literal(t.toString())).toList()));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection
                        .prepareStatement("INSERT INTO " + SourceFamily.of(jdbcUrl).quote(DebeziumSettings.SIGNAL_TABLE)
                                + " (id, type, data) VALUES (?, 'execute-snapshot', ?)")) {
            insert.setString(1, id);
            insert.setString(2, data);
            insert.executeUpdate();
        }
    }

    /** A regular expression that matches exactly the text. */
    static String literal(String text) {
        return text.replaceAll("[^A-Za-z0-9_ ]", "\\\\$0");
    }
}
