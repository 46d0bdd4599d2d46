package io.sluice.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/** Writes outbox rows over JDBC, as an application would, in transactions the test controls. */
final class OutboxRows implements AutoCloseable {

    private final Connection connection;
    private final String table;
    private final PreparedStatement insert;
    private PreparedStatement insertTraced;

    OutboxRows(String table) throws SQLException {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        connection = DriverManager.getConnection(infra.jdbcUrl(LegacyOmsSourceResource.DATABASE), infra.user(), infra.password());
        connection.setAutoCommit(false);
        this.table = table;
        String payload = table.equals("sluice.outbox_event") ? "CAST(? AS jsonb)" : "?";
        insert = connection.prepareStatement(
                "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload) VALUES (?, ?, ?, ?, " + payload + ")");
    }

    UUID add(String aggregateType, String aggregateId, String type, String payload) throws SQLException {
        UUID id = UUID.randomUUID();
        insert.setObject(1, id);
        insert.setString(2, aggregateType);
        insert.setString(3, aggregateId);
        insert.setString(4, type);
        insert.setString(5, payload);
        insert.executeUpdate();
        return id;
    }

    /** A row whose {@code tracingspancontext} column holds {@code spanContext} (Sluice's outbox table has the column). */
    UUID add(String aggregateType, String aggregateId, String type, String payload, String spanContext) throws SQLException {
        if (insertTraced == null) {
            insertTraced = connection.prepareStatement("INSERT INTO " + table
                    + " (id, aggregatetype, aggregateid, type, payload, tracingspancontext) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?)");
        }
        UUID id = UUID.randomUUID();
        insertTraced.setObject(1, id);
        insertTraced.setString(2, aggregateType);
        insertTraced.setString(3, aggregateId);
        insertTraced.setString(4, type);
        insertTraced.setString(5, payload);
        insertTraced.setString(6, spanContext);
        insertTraced.executeUpdate();
        return id;
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
