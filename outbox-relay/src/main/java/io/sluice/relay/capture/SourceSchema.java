package io.sluice.relay.capture;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.sluice.adapter.change.OldImage;
import io.sluice.adapter.change.TableId;

/**
 * What the source's catalogue says of source tables, as the relay's user sees it: their live columns (name → SQL data
 * type, information_schema) and which old column values the change log carries for them (PostgreSQL's replica identity).
 */
public final class SourceSchema {

    /**
     * Per table: its replica identity ({@code pg_class.relreplident}: {@code d} default, {@code n} nothing, {@code f} full,
     * {@code i} index), the columns of the index that identity uses (the primary key for {@code d}, the replica identity
     * index for {@code i}), and that index's name.
     */
    private static final String REPLICA_IDENTITY = """
            SELECT c.relreplident,
                   ARRAY(SELECT a.attname::text
                           FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                          WHERE i.indrelid = c.oid
                            AND CASE c.relreplident WHEN 'd' THEN i.indisprimary WHEN 'i' THEN i.indisreplident ELSE false END
                          ORDER BY a.attnum),
                   (SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                     WHERE i.indrelid = c.oid AND CASE c.relreplident WHEN 'd' THEN i.indisprimary ELSE i.indisreplident END)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?""";

    private SourceSchema() {
    }

    public static Map<TableId, Map<String, String>> columnsOf(DataSource dataSource, Set<TableId> tables) throws SQLException {
        Map<TableId, Map<String, String>> columns = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            for (TableId table : tables) {
                query.setString(1, table.schema());
                query.setString(2, table.table());
                Map<String, String> names = new HashMap<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        names.put(result.getString(1), result.getString(2));
                    }
                }
                if (!names.isEmpty()) {
                    columns.put(table, names);
                }
            }
        }
        return columns;
    }

    /**
     * Which old column values the change log carries for updates and deletes of each table: PostgreSQL logs the old
     * values of the replica identity's columns only (every column with {@code REPLICA IDENTITY FULL}, the primary key
     * with {@code DEFAULT}, the index's columns with {@code USING INDEX}, none with {@code NOTHING}).
     *
     * @return per table found; empty for a source that is not PostgreSQL (not known there)
     */
    public static Map<TableId, OldImage> oldImagesOf(DataSource dataSource, Set<TableId> tables) throws SQLException {
        Map<TableId, OldImage> images = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return images;
            }
            try (PreparedStatement query = connection.prepareStatement(REPLICA_IDENTITY)) {
                for (TableId table : tables) {
                    query.setString(1, table.schema());
                    query.setString(2, table.table());
                    try (ResultSet result = query.executeQuery()) {
                        if (result.next()) {
                            images.put(table, oldImage(table, result.getString(1), columns(result.getArray(2)), result.getString(3)));
                        }
                    }
                }
            }
        }
        return images;
    }

    /**
     * Per table: its replica identity, its columns a publication can carry (in table order; not dropped, not generated,
     * which pgoutput does not send and a column list refuses), its primary key's and its replica identity index's columns.
     */
    private static final String LIVE_TABLE = """
            SELECT c.relreplident,
                   ARRAY(SELECT a.attname::text FROM pg_attribute a
                          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                          ORDER BY a.attnum),
                   ARRAY(SELECT a.attname::text
                           FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                          WHERE i.indrelid = c.oid AND i.indisprimary),
                   ARRAY(SELECT a.attname::text
                           FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                          WHERE i.indrelid = c.oid AND i.indisreplident)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?""";

    /**
     * What a publication of each table can carry, and what it must (PostgreSQL only).
     *
     * @return per table found
     */
    public static Map<TableId, ColumnSelection.LiveTable> liveTablesOf(Connection connection, Set<TableId> tables) throws SQLException {
        Map<TableId, ColumnSelection.LiveTable> live = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(LIVE_TABLE)) {
            for (TableId table : tables) {
                query.setString(1, table.schema());
                query.setString(2, table.table());
                try (ResultSet result = query.executeQuery()) {
                    if (result.next()) {
                        String identity = result.getString(1);
                        List<String> all = columns(result.getArray(2));
                        Set<String> primaryKey = Set.copyOf(columns(result.getArray(3)));
                        Set<String> identityColumns = switch (identity) {
                            case "f" -> Set.copyOf(all);
                            case "d" -> primaryKey;
                            case "i" -> Set.copyOf(columns(result.getArray(4)));
                            default -> Set.of();
                        };
                        live.put(table, new ColumnSelection.LiveTable(all, primaryKey, identityColumns, "f".equals(identity)));
                    }
                }
            }
        }
        return live;
    }

    private static List<String> columns(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    static OldImage oldImage(TableId table, String replicaIdentity, List<String> indexColumns, String indexName) {
        String fix = "ALTER TABLE \"" + table.schema().replace("\"", "\"\"") + "\".\"" + table.table().replace("\"", "\"\"")
                + "\" REPLICA IDENTITY FULL;";
        return switch (replicaIdentity) {
            case "f" -> new OldImage("REPLICA IDENTITY FULL", null, fix);
            case "d" -> new OldImage(indexName == null
                    ? "REPLICA IDENTITY DEFAULT without a primary key"
                    : "REPLICA IDENTITY DEFAULT: primary key " + indexColumns, Set.copyOf(indexColumns), fix);
            case "i" -> new OldImage(indexName == null
                    ? "REPLICA IDENTITY USING INDEX of a dropped index"
                    : "REPLICA IDENTITY USING INDEX " + indexName + " " + indexColumns, Set.copyOf(indexColumns), fix);
            default -> new OldImage("REPLICA IDENTITY NOTHING", Set.of(), fix);
        };
    }
}
