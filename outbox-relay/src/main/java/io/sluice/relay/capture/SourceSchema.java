package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.sluice.adapter.change.TableId;

/** The live columns (name → SQL data type) of source tables, as the relay's user sees them (information_schema). */
public final class SourceSchema {

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
}
