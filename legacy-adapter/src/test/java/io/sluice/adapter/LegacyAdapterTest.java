package io.sluice.adapter;

import static io.sluice.adapter.Rows.adapter;
import static io.sluice.adapter.Rows.change;
import static io.sluice.adapter.Rows.insert;
import static io.sluice.adapter.Rows.row;
import static io.sluice.adapter.Rows.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;

class LegacyAdapterTest {

    private static final String ORDERS = """
            table: OMS.ORDHDR
            aggregate: orders
            key: [ORD_NO]
            fields:
              orderId:        { column: ORD_NO, convert: string }
              status:         { column: ORD_STS, convert: code, codes: { NW: NEW, SH: SHIPPED, CX: CANCELLED } }
              previousStatus: { column: ORD_STS, image: before, convert: code, codes: { NW: NEW, SH: SHIPPED, CX: CANCELLED } }
              total.amount:   { column: TOT_AMT, convert: cents }
              total.currency: { value: EUR }
              remark:         { column: RMK_TX }
            events:
              - { type: OrderPlaced, version: 2, on: insert, fields: [orderId, status, total.amount, total.currency] }
              - { type: OrderStatusChanged, on: update, when: { changed: [ORD_STS] }, fields: [orderId, status, previousStatus] }
              - { type: OrderShipped, on: update, when: { transition: { column: ORD_STS, to: SH } }, fields: [orderId] }
              - { type: OrderReopened, on: update, when: { transition: { column: ORD_STS, from: CX, to: NW } }, fields: [orderId] }
              - { type: OrderPurged, on: delete, fields: [orderId] }
            """;

    private final LegacyAdapter adapter = adapter(ORDERS);

    @Test
    void insertEmitsTheInsertEventWithRenamedNestedConvertedFields() {
        List<DomainEvent> events = adapter.apply(insert("OMS.ORDHDR", row("ORD_NO", 100001, "ORD_STS", "NW", "TOT_AMT", 12550L)));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("OrderPlaced");
            assertThat(event.version()).isEqualTo(2);
            assertThat(event.aggregateType()).isEqualTo("orders");
            assertThat(event.aggregateId()).isEqualTo("100001");
            assertThat(event.source()).isEqualTo("sluice/oms/OMS.ORDHDR");
            assertThat(event.time()).isEqualTo(Rows.COMMIT);
            assertThat(event.data().toString())
                    .isEqualTo("{\"orderId\":\"100001\",\"status\":\"NEW\",\"total\":{\"amount\":125.50,\"currency\":\"EUR\"}}");
        });
    }

    @Test
    void snapshotReadsAreMappedLikeInserts() {
        RowChange read = change("OMS.ORDHDR", Operation.SNAPSHOT, null, row("ORD_NO", 1, "ORD_STS", "NW", "TOT_AMT", 0L), "5");
        assertThat(adapter.apply(read)).extracting(DomainEvent::type).containsExactly("OrderPlaced");
    }

    @Test
    void statusUpdateEmitsTheChangeAndTheTransition() {
        List<DomainEvent> events = adapter.apply(update("OMS.ORDHDR",
                row("ORD_NO", 7, "ORD_STS", "NW", "TOT_AMT", 100L), row("ORD_NO", 7, "ORD_STS", "SH", "TOT_AMT", 100L)));

        assertThat(events).extracting(DomainEvent::type).containsExactly("OrderStatusChanged", "OrderShipped");
        assertThat(events.get(0).data().toString()).isEqualTo("{\"orderId\":\"7\",\"status\":\"SHIPPED\",\"previousStatus\":\"NEW\"}");
    }

    @Test
    void updateThatChangesNothingMappedEmitsNothing() {
        assertThat(adapter.apply(update("OMS.ORDHDR",
                row("ORD_NO", 7, "ORD_STS", "SH", "RMK_TX", "a"), row("ORD_NO", 7, "ORD_STS", "SH ", "RMK_TX", "b")))).isEmpty();
    }

    @Test
    void transitionWithFromOnlyFiresFromThatState() {
        assertThat(adapter.apply(update("OMS.ORDHDR", row("ORD_NO", 7, "ORD_STS", "CX"), row("ORD_NO", 7, "ORD_STS", "NW"))))
                .extracting(DomainEvent::type).contains("OrderReopened");
        assertThat(adapter.apply(update("OMS.ORDHDR", row("ORD_NO", 7, "ORD_STS", "SH"), row("ORD_NO", 7, "ORD_STS", "NW"))))
                .extracting(DomainEvent::type).doesNotContain("OrderReopened");
    }

    @Test
    void deleteReadsTheKeyFromTheBeforeImage() {
        assertThat(adapter.apply(change("OMS.ORDHDR", Operation.DELETE, row("ORD_NO", 9, "ORD_STS", "CX"), null, "9")))
                .singleElement().satisfies(e -> assertThat(e.aggregateId()).isEqualTo("9"));
    }

    @Test
    void tablesWithoutMappingYieldNothing() {
        assertThat(adapter.apply(insert("OMS.ORDLIN", row("ORD_NO", 1)))).isEmpty();
    }

    @Test
    void theSameChangeAlwaysGetsTheSameIdAndAnotherPositionAnother() {
        var image = row("ORD_NO", 5, "ORD_STS", "NW", "TOT_AMT", 1L);
        String first = adapter.apply(change("OMS.ORDHDR", Operation.INSERT, null, image, "42")).get(0).id();
        String replay = adapter.apply(change("OMS.ORDHDR", Operation.INSERT, null, image, "42")).get(0).id();
        String later = adapter.apply(change("OMS.ORDHDR", Operation.INSERT, null, image, "43")).get(0).id();

        assertThat(replay).isEqualTo(first);
        assertThat(later).isNotEqualTo(first);
    }

    @Test
    void aValueThatDoesNotConvertIsUnmappableWithTableKeyAndReason() {
        assertThatThrownBy(() -> adapter.apply(insert("OMS.ORDHDR", row("ORD_NO", 5, "ORD_STS", "ZZ", "TOT_AMT", 1L))))
                .isInstanceOfSatisfying(UnmappableChangeException.class, e -> {
                    assertThat(e.table()).hasToString("OMS.ORDHDR");
                    assertThat(e.key()).isEqualTo("5");
                    assertThat(e.position().lsn()).isEqualTo("1000");
                    assertThat(e.getMessage()).contains("ORD_STS", "'ZZ'", "code table");
                });
    }

    @Test
    void anUnavailableToastValueIsTakenFromTheBeforeImage() {
        List<DomainEvent> events = adapter.apply(update("OMS.ORDHDR",
                row("ORD_NO", 7, "ORD_STS", "NW", "TOT_AMT", 100L), row("ORD_NO", 7, "ORD_STS", RowChange.UNAVAILABLE, "TOT_AMT", 100L)));
        assertThat(events).isEmpty(); // unchanged status: no event, and no placeholder anywhere
    }

    @Test
    void anUnavailableToastValueWithoutBeforeImageFailsWithGuidance() {
        assertThatThrownBy(() -> adapter.apply(insert("OMS.ORDHDR", row("ORD_NO", 7, "ORD_STS", RowChange.UNAVAILABLE, "TOT_AMT", 1L))))
                .isInstanceOf(UnmappableChangeException.class)
                .hasMessageContaining("REPLICA IDENTITY FULL");
    }

    @Test
    void aMissingBeforeImageForAChangeRuleFailsWithGuidance() {
        assertThatThrownBy(() -> adapter.apply(update("OMS.ORDHDR", null, row("ORD_NO", 7, "ORD_STS", "SH"))))
                .isInstanceOf(UnmappableChangeException.class)
                .hasMessageContaining("ALTER TABLE \"OMS\".\"ORDHDR\" REPLICA IDENTITY FULL");
    }

    @Test
    void maskedFieldsNeverShowTheirValue() {
        LegacyAdapter masking = adapter("""
                table: OMS.CUSTMST
                aggregate: customers
                key: [CUST_NO]
                fields:
                  customerId: { column: CUST_NO, convert: trim }
                  phone:      { column: PHONE_NO, mask: true }
                  born:       { column: BIRTH_DT, convert: date }
                events:
                  - { type: CustomerRegistered, on: insert }
                """);
        assertThat(masking.apply(insert("OMS.CUSTMST", row("CUST_NO", "C1 ", "PHONE_NO", "+49 30 123", "BIRTH_DT", "19800101"))))
                .singleElement().satisfies(e -> assertThat(e.data().toString()).doesNotContain("123").contains("\"phone\":\"****\""));
    }

    @Test
    void oneAdapterServesManyThreadsAtOnce() throws Exception {
        var executor = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int orderNo = i;
                results.add(executor.submit(() -> {
                    start.await();
                    return adapter.apply(insert("OMS.ORDHDR", row("ORD_NO", orderNo, "ORD_STS", "NW", "TOT_AMT", (long) orderNo)))
                            .get(0).data().toString();
                }));
            }
            start.countDown();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("{\"orderId\":\"" + i
                        + "\",\"status\":\"NEW\",\"total\":{\"amount\":" + java.math.BigDecimal.valueOf(i, 2) + ",\"currency\":\"EUR\"}}");
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void compositeKeysAreJoinedTrimmed() {
        LegacyAdapter lines = adapter("""
                table: OMS.ORDLIN
                aggregate: order-lines
                key: [ORD_NO, LIN_NO]
                fields:
                  item: { column: ITM_CD }
                events:
                  - { type: OrderLineAdded, on: insert }
                """);
        assertThat(lines.apply(insert("OMS.ORDLIN", row("ORD_NO", 100001, "LIN_NO", (short) 2, "ITM_CD", "WIDGET-01   "))))
                .singleElement().satisfies(e -> {
                    assertThat(e.aggregateId()).isEqualTo("100001:2");
                    assertThat(e.data().toString()).isEqualTo("{\"item\":\"WIDGET-01\"}");
                });
    }
}
