package io.sluice.relay.snapshot;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.sluice.adapter.change.TableId;

/**
 * Reads rows of a legacy table over JDBC and gives each column the Java type the capture pipeline gives it
 * ({@code ChangeRecordConverter} on Debezium's records with the relay's settings): {@code int2} a {@link Short},
 * {@code numeric} a {@link BigDecimal}, {@code date} a {@link LocalDate}, {@code timestamp} a {@link LocalDateTime},
 * {@code timestamptz} an {@link OffsetDateTime} in UTC, {@code char(n)} its padded text, {@code json}/{@code uuid} text.
 * A mapping previewed on these rows therefore sees what it will see in the stream.
 */
public final class LiveRows {

    private LiveRows() {
    }

    /** The first {@code limit} rows of the table, ordered by {@code orderBy} (the mapping's key) when given. */
    public static List<Map<String, Object>> first(Connection connection, TableId table, List<String> orderBy, int limit)
            throws SQLException {
        String q = connection.getMetaData().getIdentifierQuoteString();
        StringJoiner order = new StringJoiner(", ", " ORDER BY ", "").setEmptyValue("");
        orderBy.forEach(column -> order.add(quote(q, column)));
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + quote(q, table) + order + " LIMIT ?")) {
            statement.setInt(1, limit);
            return read(statement);
        }
    }

    /**
     * Rows of a child table whose join columns match one of the parents' values: one query per chunk of parents,
     * so memory stays bounded by the chunk, not the child table.
     *
     * @param join child column → parent column
     */
    public static List<Map<String, Object>> children(Connection connection, TableId child, Map<String, String> join,
            List<Map<String, Object>> parents) throws SQLException {
        if (parents.isEmpty() || join.isEmpty()) {
            return List.of();
        }
        String q = connection.getMetaData().getIdentifierQuoteString();
        List<String> childColumns = List.copyOf(join.keySet());
        StringJoiner columns = new StringJoiner(", ", "(", ")");
        childColumns.forEach(c -> columns.add(quote(q, c)));
        StringJoiner tuples = new StringJoiner(", ");
        String tuple = "(" + "?, ".repeat(childColumns.size() - 1) + "?)";
        parents.forEach(p -> tuples.add(tuple));
        String sql = "SELECT * FROM " + quote(q, child) + " WHERE " + columns + " IN (" + tuples + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (Map<String, Object> parent : parents) {
                for (String childColumn : childColumns) {
                    statement.setObject(index++, parent.get(join.get(childColumn)));
                }
            }
            return read(statement);
        }
    }

    private static List<Map<String, Object>> read(PreparedStatement statement) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), value(result, i, meta.getColumnType(i), meta.getColumnTypeName(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object value(ResultSet result, int i, int sqlType, String typeName) throws SQLException {
        if (result.getObject(i) == null) {
            return null;
        }
        switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT :
                return result.getShort(i);
            case Types.INTEGER :
                return result.getInt(i);
            case Types.BIGINT :
                return result.getLong(i);
            case Types.REAL :
                return result.getFloat(i);
            case Types.FLOAT, Types.DOUBLE :
                return "money".equals(typeName) ? result.getString(i) : result.getDouble(i);
            case Types.NUMERIC, Types.DECIMAL :
                return result.getBigDecimal(i);
            case Types.BIT, Types.BOOLEAN :
                return result.getBoolean(i);
            case Types.DATE :
                return result.getObject(i, LocalDate.class);
            case Types.TIME :
                return result.getObject(i, LocalTime.class);
            case Types.TIMESTAMP :
                return "timestamptz".equals(typeName)
                        ? result.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)
                        : result.getObject(i, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE :
                return result.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB :
                return result.getBytes(i);
            default :
                return result.getString(i); // char, varchar, text, json, uuid, enums, xml: text, as Debezium gives them
        }
    }

    /** Quoted with the database's own identifier quote ({@code "} in PostgreSQL, {@code `} in MariaDB): legacy names keep their case. */
    private static String quote(String q, TableId table) {
        return quote(q, table.schema()) + "." + quote(q, table.table());
    }

    private static String quote(String q, String identifier) {
        return q + identifier.replace(q, q + q) + q;
    }
}
