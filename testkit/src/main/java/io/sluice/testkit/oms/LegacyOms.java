package io.sluice.testkit.oms;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.flywaydb.core.Flyway;

/**
 * The demo legacy order-management system ("OMS"), seen from its own application: it creates its
 * schema and writes its tables the way a 20-year-old application would (CHAR-padded codes, dates as
 * {@code YYYYMMDD}, amounts in cents). Used by tests, the demo and the traffic simulator.
 */
public final class LegacyOms implements AutoCloseable {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private final Connection connection;
    /** What differs between PostgreSQL and MariaDB/MySQL: identifier quoting, sequences, the schema's migrations. */
    private final LegacySql sql;

    private LegacyOms(Connection connection, LegacySql sql) {
        this.connection = connection;
        this.sql = sql;
    }

    /** Whether a JDBC URL names a MariaDB/MySQL server (else PostgreSQL). */
    public static boolean isMariaDb(String jdbcUrl) {
        return LegacySql.of(jdbcUrl) == LegacySql.MARIADB;
    }

    /**
     * Creates the OMS schema (Flyway, history table {@code oms_schema_history} in the URL's schema or database):
     * {@code db/legacy-oms} on PostgreSQL, {@code db/mariadb/legacy-oms} (database {@code OMS}) on MariaDB.
     */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(LegacySql.of(jdbcUrl).migrations())
                .table("oms_schema_history")
                .load()
                .migrate();
    }

    /** Opens a connection in auto-commit mode; use {@link #transaction} for multi-statement transactions. */
    public static LegacyOms connect(String jdbcUrl, String user, String password) {
        try {
            return new LegacyOms(DriverManager.getConnection(jdbcUrl, user, password), LegacySql.of(jdbcUrl));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the legacy database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** One order line as the legacy application enters it. */
    public record Line(String itemCode, int quantity, long unitPriceCents) {
    }

    public void registerCustomer(String customerNo, String name, String email, String phone, LocalDate createdOn) {
        update("INSERT INTO \"OMS\".\"CUSTMST\" (\"CUST_NO\", \"CUST_NM\", \"EMAIL_ADR\", \"PHONE_NO\", \"ACTV_FLG\", \"CRT_DT\") "
                + "VALUES (?, ?, ?, ?, 'Y', ?)", customerNo, name, email, phone, createdOn.format(YYYYMMDD));
    }

    public void changeContactDetails(String customerNo, String email, String phone) {
        update("UPDATE \"OMS\".\"CUSTMST\" SET \"EMAIL_ADR\" = ?, \"PHONE_NO\" = ? WHERE \"CUST_NO\" = ?", email, phone, customerNo);
    }

    public void deactivateCustomer(String customerNo) {
        update("UPDATE \"OMS\".\"CUSTMST\" SET \"ACTV_FLG\" = 'N' WHERE \"CUST_NO\" = ?", customerNo);
    }

    /** Inserts an order header and its lines in one transaction; returns the new order number. */
    public int placeOrder(String customerNo, LocalDate orderDate, List<Line> lines) {
        return transaction(() -> {
            int orderNo = nextOrderNo();
            long total = lines.stream().mapToLong(l -> l.quantity() * l.unitPriceCents()).sum();
            insertOrderHeader(orderNo, customerNo, orderDate.format(YYYYMMDD), total);
            short lineNo = 1;
            for (Line line : lines) {
                update("INSERT INTO \"OMS\".\"ORDLIN\" (\"ORD_NO\", \"LIN_NO\", \"ITM_CD\", \"QTY\", \"UNT_PRC\") VALUES (?, ?, ?, ?, ?)",
                        orderNo, lineNo++, line.itemCode(), line.quantity(), line.unitPriceCents());
            }
            return orderNo;
        });
    }

    /** Inserts an order header with a raw (possibly invalid) legacy date, as a buggy screen might. */
    public int placeOrderWithRawDate(String customerNo, String rawOrderDate, long totalCents) {
        int orderNo = nextOrderNo();
        insertOrderHeader(orderNo, customerNo, rawOrderDate, totalCents);
        return orderNo;
    }

    /** Sets the order status code ('NW', 'PK', 'SH', 'DL', 'CX'); shipping also stamps the ship date. */
    public void changeOrderStatus(int orderNo, String statusCode, LocalDate on) {
        if ("SH".equals(statusCode)) {
            update("UPDATE \"OMS\".\"ORDHDR\" SET \"ORD_STS\" = ?, \"SHP_DT\" = ? WHERE \"ORD_NO\" = ?", statusCode, on.format(YYYYMMDD),
                    orderNo);
        } else {
            update("UPDATE \"OMS\".\"ORDHDR\" SET \"ORD_STS\" = ? WHERE \"ORD_NO\" = ?", statusCode, orderNo);
        }
    }

    /** Runs the work in one database transaction. */
    public <T> T transaction(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Legacy transaction failed: " + e.getMessage(), e);
        }
    }

    /** A unit of legacy work inside {@link #transaction}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    private void insertOrderHeader(int orderNo, String customerNo, String orderDate, long totalCents) {
        update("INSERT INTO \"OMS\".\"ORDHDR\" (\"ORD_NO\", \"CUST_NO\", \"ORD_DT\", \"ORD_STS\", \"TOT_AMT\", \"CURR_CD\") "
                + "VALUES (?, ?, ?, 'NW', ?, 'EUR')", orderNo, customerNo, orderDate, totalCents);
    }

    private int nextOrderNo() {
        try (PreparedStatement statement = connection.prepareStatement(sql.nextOrderNo());
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot draw an order number: " + e.getMessage(), e);
        }
    }

    private void update(String standardSql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql.statement(standardSql))) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Legacy statement failed (" + standardSql + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a connection we no longer use
        }
    }
}
