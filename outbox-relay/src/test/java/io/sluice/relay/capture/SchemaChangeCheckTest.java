package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;

/** Streamed changes against the column types their mapping was validated against ({@link SchemaChangeCheck}). */
class SchemaChangeCheckTest {

    private static final TableId ITEM = new TableId("sc", "item");
    private static final MappingCatalog CATALOG = MappingCatalog.load(List.of(new MappingSource("items.yaml", """
            table: sc.item
            aggregate: items
            key: [id]
            fields:
              itemId: { column: id, convert: string }
              name:   { column: name, convert: trim }
              price:  { column: price }
              seenOn: { column: seen_on }
            events:
              - { type: ItemSaved, on: insert }
            """)));
    private static final Map<TableId, Map<String, String>> VALIDATED = Map.of(ITEM, Map.of("id", "integer", "name",
            "character varying", "price", "numeric", "seen_on", "date", "note", "text"));
    private static final SchemaChangeCheck CHECK = SchemaChangeCheck.of(CATALOG, VALIDATED, false);

    @Test
    void aChangeOfTheValidatedShapeFits() {
        assertThat(CHECK.mismatch(insert(row()))).isEmpty();
    }

    @Test
    void anAddedOrDroppedUnmappedColumnFits() {
        Map<String, Object> row = row();
        row.remove("note");
        row.put("colour", "red");
        assertThat(CHECK.mismatch(insert(row))).isEmpty();
    }

    @Test
    void aMissingMappedColumnIsNamedWithItsFile() {
        Map<String, Object> row = row();
        row.remove("price");
        var mismatch = CHECK.mismatch(insert(row)).orElseThrow();
        assertThat(mismatch.key()).isEqualTo("7");
        assertThat(mismatch.reason()).startsWith("column price of sc.item, which items.yaml maps, is not in the change")
                .contains("POST /sluice/admin/mappings/reload");
        assertThat(mismatch.sentence()).startsWith("sc.item changed under its mapping: column price (items.yaml) is gone");
    }

    @ParameterizedTest
    @CsvSource({"price, text", "seen_on, text", "name, number"})
    void aValueOfAnotherKindIsARetype(String column, String kind) {
        Map<String, Object> row = row();
        row.put(column, kind.equals("text") ? "4.75" : 42);
        assertThat(CHECK.mismatch(insert(row)).orElseThrow().reason())
                .contains("column " + column + " of sc.item, which items.yaml maps, was retyped")
                .contains("the change carries a " + kind + " value");
    }

    @Test
    void nullsUnavailableValuesAndTypesOfTheSameKindFit() {
        Map<String, Object> row = row();
        row.put("price", 12L); // numeric -> bigint
        row.put("name", null);
        row.put("seen_on", RowChange.UNAVAILABLE);
        assertThat(CHECK.mismatch(insert(row))).isEmpty();
    }

    @Test
    void decimalsAsTextAreNotTakenForARetype() {
        Map<String, Object> row = row();
        row.put("price", "4.75");
        assertThat(SchemaChangeCheck.of(CATALOG, VALIDATED, true).mismatch(insert(row))).isEmpty();
    }

    @Test
    void beforeValidationNothingIsChecked() {
        assertThat(SchemaChangeCheck.NONE.mismatch(insert(Map.of("id", 7)))).isEmpty();
    }

    private static Map<String, Object> row() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", 7);
        row.put("name", "Ann");
        row.put("price", new BigDecimal("3.25"));
        row.put("seen_on", LocalDate.of(2026, 12, 1));
        row.put("note", "n");
        return row;
    }

    private static RowChange insert(Map<String, Object> row) {
        return new RowChange("oms", ITEM, Operation.INSERT, null, row, new SourcePosition("1", "1"), Instant.EPOCH);
    }
}
