package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken mapping files fail with the file, the key and what to do. */
class MappingDefinitionTest {

    private static final String VALID_HEAD = """
            table: OMS.ORDHDR
            aggregate: orders
            key: [ORD_NO]
            """;

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("unknown conversion", VALID_HEAD + """
                        fields:
                          status: { column: ORD_STS, convert: enum }
                        events:
                          - { type: OrderPlaced, on: insert }
                        """, "broken.yaml: fields.status.convert: unknown conversion 'enum'; use one of [string, trim"),
                Arguments.of("missing key", """
                        table: OMS.ORDHDR
                        aggregate: orders
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: key: is missing; name the key column(s) of OMS.ORDHDR"),
                Arguments.of("unqualified table", """
                        table: ORDHDR
                        aggregate: orders
                        key: [ORD_NO]
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: table: 'ORDHDR' is not schema-qualified; write it as SCHEMA.TABLE"),
                Arguments.of("code without value", VALID_HEAD + """
                        fields:
                          status: { column: ORD_STS, convert: code, codes: { NW: NEW, SH: } }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.status.codes.SH: code 'SH' has no value"),
                Arguments.of("undeclared code table", VALID_HEAD + """
                        fields:
                          status: { column: ORD_STS, convert: code, codes: orderStatus }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "names code table 'orderStatus', which is not declared under 'codes:'"),
                Arguments.of("typo in a key", VALID_HEAD + """
                        fields:
                          status: { colum: ORD_STS }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.status.colum: unknown key; expected one of"),
                Arguments.of("event names an undeclared field", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: insert, fields: [orderId, total] } ]
                        """, "broken.yaml: events[0].fields: names field 'total', which is not declared under 'fields:'"),
                Arguments.of("bad operation", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: create } ]
                        """, "broken.yaml: events[0].on: 'create' is not an operation; use insert, update or delete"),
                Arguments.of("condition on insert", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: insert, when: { changed: [ORD_STS] } } ]
                        """, "events[0].when: compares old and new values, so the event must be emitted 'on: update' only"),
                Arguments.of("timestamp without zone", VALID_HEAD + """
                        fields: { updated: { column: UPD_TS, convert: timestamp } }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "fields.updated.zone: is missing; a legacy timestamp has no zone"),
                Arguments.of("class-name event type", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: io.acme.OrderPlaced, on: insert } ]
                        """, "is not an event type name; use <Aggregate><PastVerb> in PascalCase"),
                Arguments.of("excluded column used", VALID_HEAD + """
                        exclude: [RMK_TX]
                        fields: { remark: RMK_TX }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "fields.remark.column: reads RMK_TX, which this mapping excludes"),
                Arguments.of("not YAML", "table: [unclosed", "broken.yaml: line "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileNamesFileKeyAndFix(String description, String yaml, String message) {
        assertThatThrownBy(() -> MappingCatalog.load(List.of(new MappingSource("broken.yaml", yaml))))
                .isInstanceOf(MappingDefinitionException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anEventTypeDeclaredTwiceNamesBothFiles() {
        String mapping = VALID_HEAD + """
                fields: { orderId: ORD_NO }
                events: [ { type: OrderPlaced, on: insert } ]
                """;
        assertThatThrownBy(() -> MappingCatalog.load(List.of(new MappingSource("a.yaml", mapping), new MappingSource("b.yaml", mapping))))
                .isInstanceOf(MappingDefinitionException.class)
                .hasMessageContaining("b.yaml: events[0].type: duplicate event type 'OrderPlaced', already declared in a.yaml");
    }
}
