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
    private final PreparedStatement insert;

    OutboxRows(String table) throws SQLException {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        connection = DriverManager.getConnection(infra.jdbcUrl(LegacyOmsSourceResource.DATABASE), infra.user(), infra.password());
        connection.setAutoCommit(false);
        String payload = table.equals("sluice.outbox_event") ? "CAST(? AS jsonb)" : "?";
        insert = connection.prepareStatement("INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload) VALUES (?, ?, ?, ?, " + payload + ")");
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
