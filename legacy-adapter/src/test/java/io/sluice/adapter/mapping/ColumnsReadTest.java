package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.TableId;

/** Issue 18, point 5: the columns of a table that the mappings read, which are all the relay needs to capture of it. */
class ColumnsReadTest {

    private static final MappingCatalog CATALOG = MappingCatalog.load(List.of(new MappingSource("orders.yaml", """
            table: OMS.ORDHDR
            aggregate: orders
            key: [ORD_NO]
            exclude: [CARD_NO]
            fields:
              orderId: { column: ORD_NO, convert: string }
              contact: { column: EMAIL, mask: true }
              source: { value: legacy }
            events:
              - type: OrderPlaced
                on: insert
                collect:
                  lines: { table: OMS.ORDLIN, join: { LIN_ORD: ORD_REF }, fields: { itemCode: { column: ITM_CD } } }
              - type: OrderShipped
                on: update
                when: { transition: { column: STS_CD, from: O, to: S } }
              - type: OrderRepriced
                on: update
                when: { changed: [TOT_AMT] }
            """)));

    @Test
    void aMappedTableNeedsItsKeyFieldsConditionsAndTheParentSideOfJoins() {
        assertThat(CATALOG.columnsRead(new TableId("OMS", "ORDHDR")))
                .containsExactly("EMAIL", "ORD_NO", "ORD_REF", "STS_CD", "TOT_AMT");
    }

    @Test
    void anExcludedColumnIsNotRead() {
        assertThat(CATALOG.columnsRead(new TableId("OMS", "ORDHDR"))).doesNotContain("CARD_NO");
    }

    @Test
    void aCollectedChildTableNeedsItsJoinColumnsAndElementFields() {
        assertThat(CATALOG.columnsRead(new TableId("OMS", "ORDLIN"))).containsExactly("ITM_CD", "LIN_ORD");
    }

    @Test
    void aTableNoMappingReadsNeedsNothing() {
        assertThat(CATALOG.columnsRead(new TableId("OMS", "OTHER"))).isEmpty();
    }
}
