package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.TableId;

/** Mappings checked against the source's live table definitions, as the relay does at start-up. */
class LiveTableCheckTest {

    private static final MappingCatalog ORDERS = MappingCatalog.load(List.of(new MappingSource("orders.yaml", """
            table: OMS.ORDHDR
            aggregate: orders
            key: [ORD_NO]
            fields:
              orderId: { column: ORD_NO, convert: string }
              orderDate: { column: ORD_DT, convert: date }
            events:
              - type: OrderPlaced
                on: insert
                collect:
                  lines: { table: OMS.ORDLIN, join: { ORD_NO: ORD_NO }, fields: { itemCode: { column: ITM_CD } } }
            """)));

    private static final Map<String, String> HEADER = Map.of("ORD_NO", "integer", "ORD_DT", "character", "CUST_NO", "character");
    private static final Map<String, String> LINES = Map.of("ORD_NO", "integer", "LIN_NO", "smallint", "ITM_CD", "character");

    @Test
    void mappingsThatFitTheTablesHaveNoProblems() {
        assertThat(ORDERS.problemsAgainst(Map.of(new TableId("OMS", "ORDHDR"), HEADER, new TableId("OMS", "ORDLIN"), LINES))).isEmpty();
    }

    @Test
    void anUnknownColumnNamesFileTableColumnAndTheColumnsThereAre() {
        assertThat(ORDERS.problemsAgainst(Map.of(new TableId("OMS", "ORDHDR"), Map.of("ORD_NO", "integer", "ORDER_DATE", "character"),
                new TableId("OMS", "ORDLIN"), LINES)))
                .containsExactly(
                        "orders.yaml: table OMS.ORDHDR has no column ORD_DT (its columns: [ORDER_DATE, ORD_NO]); fix the column name in the mapping");
    }

    @Test
    void aConversionThatCannotWorkOnTheColumnTypeIsReported() {
        assertThat(ORDERS.problemsAgainst(Map.of(new TableId("OMS", "ORDHDR"), Map.of("ORD_NO", "integer", "ORD_DT", "boolean"),
                new TableId("OMS", "ORDLIN"), LINES)))
                .containsExactly("orders.yaml: field orderDate converts OMS.ORDHDR.ORD_DT with 'date', but the column is boolean;"
                        + " use a conversion that fits the column type");
    }

    @Test
    void legacyDatesInNumericOrDateColumnsFit() {
        assertThat(ORDERS.problemsAgainst(Map.of(new TableId("OMS", "ORDHDR"), Map.of("ORD_NO", "integer", "ORD_DT", "integer"),
                new TableId("OMS", "ORDLIN"), LINES))).isEmpty();
        assertThat(ORDERS.problemsAgainst(Map.of(new TableId("OMS", "ORDHDR"), Map.of("ORD_NO", "integer", "ORD_DT", "date"),
                new TableId("OMS", "ORDLIN"), LINES))).isEmpty();
    }

    @Test
    void aMissingChildTableIsReported() {
        assertThat(ORDERS.problemsAgainst(Map.of(new TableId("OMS", "ORDHDR"), HEADER)))
                .singleElement().asString()
                .startsWith("orders.yaml: table OMS.ORDLIN does not exist in the source database, or the relay's user may not read it")
                .contains("GRANT SELECT ON \"OMS\".\"ORDLIN\"");
    }
}
