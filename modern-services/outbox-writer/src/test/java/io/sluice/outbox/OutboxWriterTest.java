package io.sluice.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
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

        try (ResultSet row = query(
                "SELECT aggregatetype, aggregateid, type, payload::text FROM sluice.outbox_event WHERE id = '" + id + "'")) {
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
    void theCurrentTraceContextGoesIntoTheRowInDebeziumsFormat() throws Exception {
        SpanContext span = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(),
                TraceState.builder().put("congo", "t61rcWkgMzE").build());
        UUID traced;
        try (Scope scope = Span.wrap(span).makeCurrent()) {
            traced = QuarkusTransaction.requiringNew().call(() -> outbox.publish("widgets", "w-traced", "WidgetCreated", Map.of()));
        }
        UUID untraced = QuarkusTransaction.requiringNew().call(() -> outbox.publish("widgets", "w-untraced", "WidgetCreated", Map.of()));

        Properties column = new Properties();
        try (ResultSet row = query("SELECT tracingspancontext FROM sluice.outbox_event WHERE id = '" + traced + "'")) {
            row.next();
            column.load(new StringReader(row.getString(1)));
        }
        assertThat(column).containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .containsEntry("tracestate", "congo=t61rcWkgMzE").hasSize(2);
        try (ResultSet row = query("SELECT tracingspancontext FROM sluice.outbox_event WHERE id = '" + untraced + "'")) {
            row.next();
            assertThat(row.getString(1)).isNull();
        }
    }

    @Test
    void aTraceStateTooLongForTheColumnIsLeftOut() {
        TraceState longState = TraceState.builder().put("vendor1", "x".repeat(200)).put("vendor2", "y".repeat(100)).build();
        SpanContext span = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), longState);

        String column = OutboxWriter.spanContext(Context.root().with(Span.wrap(span)));

        assertThat(column).isEqualTo("traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\n");
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
