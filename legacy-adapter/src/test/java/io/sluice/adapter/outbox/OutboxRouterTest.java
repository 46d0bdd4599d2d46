package io.sluice.adapter.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;

class OutboxRouterTest {

    private static final TableId OUTBOX = new TableId("sluice", "outbox_event");
    private static final Instant COMMIT = Instant.parse("2026-11-24T10:00:00Z");
    private final OutboxRouter router = new OutboxRouter(List.of(OutboxTable.conventional(OUTBOX, 100)));

    private static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new HashMap<>(Map.of("id", "5f0c-1", "aggregatetype", "shipments", "aggregateid", "S-1",
                "type", "ShipmentDispatched", "payload", "{\"shipmentId\":\"S-1\",\"lines\":[1,2]}"));
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    private static RowChange insert(Map<String, Object> row) {
        return new RowChange("oms", OUTBOX, Operation.INSERT, null, row, new SourcePosition("42", "7"), COMMIT);
    }

    @Test
    void insertedRowBecomesAnEventWithExpandedPayload() {
        DomainEvent event = router.route(insert(row("timestamp", OffsetDateTime.parse("2026-11-24T09:59:00Z"),
                "tracingspancontext", "traceparent=00-abc-def-01"))).get(0);

        assertThat(event.id()).isEqualTo("5f0c-1");
        assertThat(event.type()).isEqualTo("ShipmentDispatched");
        assertThat(event.aggregateType()).isEqualTo("shipments");
        assertThat(event.aggregateId()).isEqualTo("S-1");
        assertThat(event.data().toString()).isEqualTo("{\"shipmentId\":\"S-1\",\"lines\":[1,2]}");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-24T09:59:00Z"));
        assertThat(event.source()).isEqualTo("sluice/oms/sluice.outbox_event");
        assertThat(event.headers()).containsEntry("tracingspancontext", "traceparent=00-abc-def-01");
    }

    @Test
    void validPayloadIsPublishedAsItCameWithoutRewriting() {
        String asStored = "{\"lines\": [1, 2], \"shipmentId\": \"S-1\"}"; // jsonb's own text form
        DomainEvent event = router.route(insert(row("payload", asStored))).get(0);
        assertThat(event.data().toString()).isEqualTo(asStored);
    }

    @Test
    void scalarAndArrayPayloadsPassThrough() {
        assertThat(router.route(insert(row("payload", "[1, \"two\"]"))).get(0).data().toString()).isEqualTo("[1, \"two\"]");
        assertThat(router.route(insert(row("payload", "\"text\""))).get(0).data().toString()).isEqualTo("\"text\"");
    }

    @Test
    void oneJsonValueMeansWellFormedAndNothingAfterIt() {
        assertThat(OutboxRouter.isOneJsonValue("{\"a\": [1, {\"b\": null}]}  ".getBytes())).isTrue();
        assertThat(OutboxRouter.isOneJsonValue("{\"a\": 1} {\"b\": 2}".getBytes())).isFalse();
        assertThat(OutboxRouter.isOneJsonValue("{\"a\": \"unterminated}".getBytes())).isFalse();
        assertThat(OutboxRouter.isOneJsonValue("{\"a\": 1,}".getBytes())).isFalse();
        assertThat(OutboxRouter.isOneJsonValue("{\"a\": \"bad \\q escape\"}".getBytes())).isFalse();
        assertThat(OutboxRouter.isOneJsonValue("   ".getBytes())).isFalse();
    }

    @Test
    void deletesOfOutboxRowsAreNotEvents() {
        RowChange delete = new RowChange("oms", OUTBOX, Operation.DELETE, row(), null, new SourcePosition("43", "7"), COMMIT);
        assertThat(router.route(delete)).isEmpty();
    }

    @Test
    void customColumnsAndExtraHeaders() {
        OutboxTable custom = new OutboxTable(new TableId("app", "events"), "event_id", "agg_type", "agg_id", "event_type", "body",
                null, null, Map.of("tenant", "x-tenant"), Map.of("tenant", "tenantId"), 1000);
        DomainEvent event = new OutboxRouter(List.of(custom)).route(new RowChange("oms", custom.table(), Operation.INSERT, null,
                Map.of("event_id", "e1", "agg_type", "orders", "agg_id", "1", "event_type", "OrderPaid", "body", "{}", "tenant", "acme"),
                new SourcePosition("1", "1"), COMMIT)).get(0);
        assertThat(event.headers()).containsEntry("x-tenant", "acme");
        assertThat(event.data().toString()).isEqualTo("{\"tenantId\":\"acme\"}");
        assertThat(event.time()).isEqualTo(COMMIT);
    }

    static Stream<Arguments> poisonRows() {
        return Stream.of(
                Arguments.of("payload not JSON", row("payload", "{not json"), "payload is not JSON"),
                Arguments.of("missing aggregate id", row("aggregateid", " "), "has no aggregateid"),
                Arguments.of("missing id", row("id", null), "has no id"),
                Arguments.of("missing type", row("type", null), "has no type"),
                Arguments.of("payload over the limit", row("payload", "{\"x\":\"" + "a".repeat(200) + "\"}"),
                        "exceeds the limit of 100 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poisonRows")
    void poisonRowIsUnmappableWithItsReason(String description, Map<String, Object> row, String reason) {
        assertThatThrownBy(() -> router.route(insert(row)))
                .isInstanceOfSatisfying(UnmappableChangeException.class, e -> {
                    assertThat(e.table()).isEqualTo(OUTBOX);
                    assertThat(e.position().lsn()).isEqualTo("42");
                })
                .hasMessageContaining(reason);
    }
}
