package io.sluice.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SluiceInfrastructureResource;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

/** The event row commits and rolls back with the state change it belongs to. */
@QuarkusTest
@QuarkusTestResource(SluiceInfrastructureResource.class)
class OutboxWriterTest {

    @Inject
    OutboxWriter outbox;

    @Test
    void eventCommitsWithTheStateChange() throws Exception {
        String name = "w-" + UUID.randomUUID();
        UUID id = QuarkusTransaction.requiringNew().call(() -> {
            Widget widget = new Widget();
            widget.name = name;
            widget.persist();
            return outbox.publish("widgets", name, "WidgetCreated", Map.of("name", name, "size", 3));
        });

        try (ResultSet row = query("SELECT aggregatetype, aggregateid, type, payload::text FROM sluice.outbox_event WHERE id = '" + id + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("widgets");
            assertThat(row.getString(2)).isEqualTo(name);
            assertThat(row.getString(3)).isEqualTo("WidgetCreated");
            assertThat(row.getString(4)).contains("\"size\": 3").contains(name);
        }
    }

    @Test
    void eventRollsBackWithTheStateChange() throws Exception {
        String name = "w-" + UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            Widget widget = new Widget();
            widget.name = name;
            widget.persist();
            outbox.publish("widgets", name, "WidgetCreated", Map.of("name", name));
            throw new IllegalStateException("business rule violated");
        })).hasMessageContaining("business rule violated");

        try (ResultSet count = query("SELECT count(*) FROM sluice.outbox_event WHERE aggregateid = '" + name + "'")) {
            count.next();
            assertThat(count.getInt(1)).isZero();
        }
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.publish("widgets", "w", "WidgetCreated", Map.of()))
                .isInstanceOf(TransactionalException.class);
    }

    private static ResultSet query(String sql) throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        Connection connection = DriverManager.getConnection(infra.jdbcUrl(), infra.user(), infra.password());
        return connection.createStatement().executeQuery(sql);
    }
}
