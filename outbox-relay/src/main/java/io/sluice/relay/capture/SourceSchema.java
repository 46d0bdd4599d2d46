package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.sluice.adapter.change.TableId;

/** The live column names of source tables, as the relay's user sees them (information_schema). */
final class SourceSchema {

    private SourceSchema() {
    }

    static Map<TableId, Set<String>> columnsOf(DataSource dataSource, Set<TableId> tables) throws SQLException {
        Map<TableId, Set<String>> columns = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            for (TableId table : tables) {
                query.setString(1, table.schema());
                query.setString(2, table.table());
                Set<String> names = new HashSet<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        names.add(result.getString(1));
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
