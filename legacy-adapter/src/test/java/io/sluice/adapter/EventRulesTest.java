package io.sluice.adapter;

import static io.sluice.adapter.Rows.adapter;
import static io.sluice.adapter.Rows.row;
import static io.sluice.adapter.Rows.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;

/** Which events an update yields: {@code changed} and {@code transition} rules over raw, trimmed column values. */
class EventRulesTest {

    private static final Object UNAVAILABLE = RowChange.UNAVAILABLE;

    private static final LegacyAdapter ADAPTER = adapter("""
            table: OMS.ORDHDR
            aggregate: orders
            key: [ORD_NO]
            fields:
              orderId: { column: ORD_NO, convert: string }
              remark:  { column: RMK_TX, convert: null-if-blank }
            events:
              - { type: OrderStatusChanged, on: update, when: { changed: [ORD_STS] }, fields: [orderId, remark] }
              - { type: OrderShipped, on: update, when: { transition: { field: ORD_STS, to: SH } }, fields: [orderId] }
              - { type: OrderReopened, on: update, when: { transition: { column: ORD_STS, from: CX, to: NW } }, fields: [orderId] }
              - { type: OrderRepriced, on: update, when: { changed: [TOT_AMT, CURR_CD] }, fields: [orderId] }
            """);

    static Stream<Arguments> updates() {
        return Stream.of(
                Arguments.of("status NW to SH: change and transition", order("NW", 100L, "EUR"), order("SH", 100L, "EUR"),
                        List.of("OrderStatusChanged", "OrderShipped")),
                Arguments.of("status CX to NW: change and transition with from", order("CX", 100L, "EUR"), order("NW", 100L, "EUR"),
                        List.of("OrderStatusChanged", "OrderReopened")),
                Arguments.of("status SH to NW: from does not hold", order("SH", 100L, "EUR"), order("NW", 100L, "EUR"),
                        List.of("OrderStatusChanged")),
                Arguments.of("padded old status still matches from", order("CX", 100L, "EUR"), order("NW ", 100L, "EUR"),
                        List.of("OrderStatusChanged", "OrderReopened")),
                Arguments.of("only CHAR padding differs: nothing", order("SH", 100L, "EUR"), order("SH ", 100L, "EUR "), List.of()),
                Arguments.of("already SH: no transition", order("SH", 100L, "EUR"), order("SH", 100L, "EUR"), List.of()),
                Arguments.of("amount changed", order("NW", 100L, "EUR"), order("NW", 250L, "EUR"), List.of("OrderRepriced")),
                Arguments.of("currency changed", order("NW", 100L, "EUR"), order("NW", 100L, "CHF"), List.of("OrderRepriced")),
                Arguments.of("status and amount changed, in declaration order", order("NW", 100L, "EUR"), order("SH", 90L, "EUR"),
                        List.of("OrderStatusChanged", "OrderShipped", "OrderRepriced")),
                Arguments.of("unrelated column changed: nothing", with(order("NW", 100L, "EUR"), "RMK_TX", "a"),
                        with(order("NW", 100L, "EUR"), "RMK_TX", "b"), List.of()),
                Arguments.of("unavailable (unchanged TOAST) status counts as unchanged", order("NW", 100L, "EUR"),
                        order(UNAVAILABLE, 100L, "EUR"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updateYieldsTheEventsWhoseRuleHolds(String description, Map<String, Object> before, Map<String, Object> after,
            List<String> expectedTypes) {
        assertThat(ADAPTER.apply(update("OMS.ORDHDR", before, after))).extracting(DomainEvent::type)
                .containsExactlyElementsOf(expectedTypes);
    }

    private static final LegacyAdapter UNCONDITIONAL = adapter("""
            table: OMS.CUSTMST
            aggregate: customers
            key: [CUST_NO]
            fields:
              customerId: { column: CUST_NO, convert: trim }
              name:       { column: CUST_NM, convert: trim }
              region:     { value: EU }
            events:
              - { type: CustomerRenamed, on: update, fields: [customerId, name, region] }
            """);

    static Stream<Arguments> updatesWithoutWhen() {
        return Stream.of(
                Arguments.of("carried column changed", customer("ACME GMBH"), customer("ACME AG"), List.of("CustomerRenamed")),
                Arguments.of("only padding of a carried column changed", customer("ACME GMBH"), customer("ACME GMBH   "), List.of()),
                Arguments.of("only a column it does not carry changed", with(customer("ACME GMBH"), "EMAIL_ADR", "a@x"),
                        with(customer("ACME GMBH"), "EMAIL_ADR", "b@x"), List.of()),
                Arguments.of("no old values to compare: emitted", null, customer("ACME AG"), List.of("CustomerRenamed")),
                Arguments.of("old value not logged: emitted", row("CUST_NO", "C1"), customer("ACME AG"), List.of("CustomerRenamed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updatesWithoutWhen")
    void anUpdateEventWithoutWhenIsEmittedOnlyWhenACarriedColumnChanged(String description, Map<String, Object> before,
            Map<String, Object> after, List<String> expectedTypes) {
        assertThat(UNCONDITIONAL.apply(update("OMS.CUSTMST", before, after))).extracting(DomainEvent::type)
                .containsExactlyElementsOf(expectedTypes);
    }

    private static Map<String, Object> customer(String name) {
        return row("CUST_NO", "C1        ", "CUST_NM", name, "EMAIL_ADR", null);
    }

    @Test
    void anUnavailableValueIsPublishedAsItsValueFromTheBeforeImage() {
        var before = with(order("NW", 100L, "EUR"), "RMK_TX", "leave at the door");
        var after = with(order("PK", 100L, "EUR"), "RMK_TX", UNAVAILABLE);

        List<DomainEvent> events = ADAPTER.apply(update("OMS.ORDHDR", before, after));

        assertThat(events).singleElement().satisfies(e -> assertThat(e.data().toString())
                .isEqualTo("{\"orderId\":\"100001\",\"remark\":\"leave at the door\"}"));
    }

    @Test
    void anUnavailableValueWithoutOldValueIsUnmappableAndNamesTheFix() {
        var before = order("NW", 100L, "EUR");
        before.remove("RMK_TX"); // not logged: the table's replica identity is not FULL
        var after = with(order("PK", 100L, "EUR"), "RMK_TX", UNAVAILABLE);

        assertThatThrownBy(() -> ADAPTER.apply(update("OMS.ORDHDR", before, after)))
                .isInstanceOfSatisfying(UnmappableChangeException.class, e -> {
                    assertThat(e.key()).isEqualTo("100001");
                    assertThat(e.reason()).isEqualTo("column RMK_TX is an unchanged TOASTed value that PostgreSQL did not send;"
                            + " run ALTER TABLE \"OMS\".\"ORDHDR\" REPLICA IDENTITY FULL so that it sends every value");
                })
                .hasMessageNotContaining("unavailable");
    }

    @Test
    void anOnlyKeyBeforeImageCannotDecideAChangeRule() {
        Map<String, Object> keyOnly = row("ORD_NO", 100001);

        assertThatThrownBy(() -> ADAPTER.apply(update("OMS.ORDHDR", keyOnly, order("SH", 100L, "EUR"))))
                .isInstanceOf(UnmappableChangeException.class)
                .hasMessage("OMS.ORDHDR key 100001: event OrderStatusChanged (test.yaml, on update) needs the old value of [ORD_STS];"
                        + " event OrderShipped (test.yaml, on update) needs the old value of [ORD_STS];"
                        + " event OrderRepriced (test.yaml, on update) needs the old values of [TOT_AMT, CURR_CD]; the change does not carry them;"
                        + " run ALTER TABLE \"OMS\".\"ORDHDR\" REPLICA IDENTITY FULL so that PostgreSQL logs old values [lsn 2000]");
    }

    private static Map<String, Object> order(Object status, Object amount, Object currency) {
        return row("ORD_NO", 100001, "ORD_STS", status, "TOT_AMT", amount, "CURR_CD", currency, "RMK_TX", null);
    }

    private static Map<String, Object> with(Map<String, Object> row, String column, Object value) {
        row.put(column, value);
        return row;
    }
}
