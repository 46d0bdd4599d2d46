package io.sluice.adapter;

import static io.sluice.adapter.Rows.adapter;
import static io.sluice.adapter.Rows.change;
import static io.sluice.adapter.Rows.insert;
import static io.sluice.adapter.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.mapping.MappingDefinitionException;

/** What a snapshot row becomes: the insert rule by default, or the rule declared {@code on: snapshot}; children either way. */
class SnapshotRulesTest {

    private static final String ORDERS = """
            table: OMS.ORDHDR
            aggregate: orders
            key: [ORD_NO]
            fields:
              orderId: { column: ORD_NO, convert: string }
            events:
              - type: OrderPlaced
                on: insert
                fields: [orderId]
                collect:
                  lines: { table: OMS.ORDLIN, join: { ORD_NO: ORD_NO }, fields: { sku: { column: ITM_CD, convert: trim } } }
            """;

    private static final String WITH_IMPORT = ORDERS + """
              - type: OrderImported
                on: snapshot
                fields: [orderId]
                collect:
                  lines: { table: OMS.ORDLIN, join: { ORD_NO: ORD_NO }, fields: { sku: { column: ITM_CD, convert: trim } } }
            """;

    @Test
    void aSnapshotRowBecomesTheInsertEventByDefaultWithItsChildren() {
        List<DomainEvent> events = adapter(ORDERS).apply(snapshot(7), List.of(snapshot(7), line(7, "A "), line(8, "B"), line(7, "C")));
        assertThat(events).extracting(DomainEvent::type).containsExactly("OrderPlaced");
        assertThat(events.get(0).data().get("lines").findValuesAsText("sku")).containsExactly("A", "C");
    }

    @Test
    void aRuleOnSnapshotReplacesTheInsertRuleForSnapshotRowsOnly() {
        var adapter = adapter(WITH_IMPORT);
        List<DomainEvent> imported = adapter.apply(snapshot(7), List.of(snapshot(7), line(7, "A")));
        assertThat(imported).extracting(DomainEvent::type).containsExactly("OrderImported");
        assertThat(imported.get(0).data().get("lines").findValuesAsText("sku")).containsExactly("A");

        RowChange inserted = insert("OMS.ORDHDR", row("ORD_NO", 7));
        assertThat(adapter.apply(inserted, List.of(inserted))).extracting(DomainEvent::type).containsExactly("OrderPlaced");
    }

    @Test
    void joinKeysCompareNumbersByValueAndTextTrimmed() {
        RowChange parent = change("OMS.ORDHDR", Operation.SNAPSHOT, null, row("ORD_NO", 7L), "0/1");
        RowChange child = change("OMS.ORDLIN", Operation.SNAPSHOT, null, row("ORD_NO", new java.math.BigDecimal("7.00"), "ITM_CD", "X"),
                "0/1");
        assertThat(adapter(ORDERS).apply(parent, List.of(parent, child)).get(0).data().get("lines")).hasSize(1);
    }

    @Test
    void anUnknownOperationNamesSnapshotAmongTheChoices() {
        assertThatThrownBy(() -> adapter(ORDERS.replace("on: insert", "on: import")))
                .isInstanceOf(MappingDefinitionException.class)
                .hasMessageContaining("use insert, update, delete or snapshot");
    }

    private static RowChange snapshot(int orderNo) {
        return change("OMS.ORDHDR", Operation.SNAPSHOT, null, row("ORD_NO", orderNo), "0/1");
    }

    private static RowChange line(int orderNo, String sku) {
        return change("OMS.ORDLIN", Operation.SNAPSHOT, null, row("ORD_NO", orderNo, "ITM_CD", sku), "0/1");
    }
}
