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
                        """, "broken.yaml: events[0].on: 'create' is not an operation; use insert, update, delete or snapshot"),
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
                Arguments.of("not YAML", "table: [unclosed", "broken.yaml: line "),
                Arguments.of("missing table", """
                        aggregate: orders
                        key: [ORD_NO]
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: table: is missing; give the legacy table as SCHEMA.TABLE"),
                Arguments.of("missing aggregate", """
                        table: OMS.ORDHDR
                        key: [ORD_NO]
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: aggregate: is missing; give the aggregate type"),
                Arguments.of("empty file", "", "broken.yaml: is empty or not a YAML mapping"),
                Arguments.of("no events", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        """, "broken.yaml: events: is missing; list the events to emit"),
                Arguments.of("empty inline code table", VALID_HEAD + """
                        fields:
                          status: { column: ORD_STS, convert: code, codes: {} }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.status.codes: must map every legacy code to its value"),
                Arguments.of("empty named code table", VALID_HEAD + """
                        codes: { orderStatus: {} }
                        fields:
                          status: { column: ORD_STS, convert: code, codes: orderStatus }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: codes.orderStatus: must map every legacy code to its value"),
                Arguments.of("code without table", VALID_HEAD + """
                        fields:
                          status: { column: ORD_STS, convert: code }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.status.codes: is missing; a 'code' conversion needs a code table"),
                Arguments.of("option of another conversion", VALID_HEAD + """
                        fields:
                          orderDate: { column: ORD_DT, convert: date, zone: Europe/Berlin }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """,
                        "broken.yaml: fields.orderDate.zone: does not apply to conversion 'date'; remove it (conversion 'date' takes [pattern])"),
                Arguments.of("option without conversion", VALID_HEAD + """
                        fields:
                          total: { column: TOT_AMT, scale: 2 }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.total.scale: does not apply to conversion 'auto'; remove it"),
                Arguments.of("scale out of range", VALID_HEAD + """
                        fields:
                          total: { column: TOT_AMT, convert: cents, scale: 9 }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.total: conversion 'cents': scale 9 is out of range; use 0 to 6"),
                Arguments.of("scale not a number", VALID_HEAD + """
                        fields:
                          total: { column: TOT_AMT, convert: cents, scale: two }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.total.scale: 'two' is not a whole number, e.g. scale: 2"),
                Arguments.of("flag value meaning both", VALID_HEAD + """
                        fields:
                          active: { column: ACTV_FLG, convert: flag, true: [Y, X], false: [N, X] }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.active: conversion 'flag': [X] cannot mean both true and false"),
                Arguments.of("bad date pattern", VALID_HEAD + """
                        fields:
                          orderDate: { column: ORD_DT, convert: date, pattern: yyyyMMddQQQQQQ }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.orderDate.pattern: 'yyyyMMddQQQQQQ' is not a date/time pattern"),
                Arguments.of("unknown zone", VALID_HEAD + """
                        fields:
                          updated: { column: UPD_TS, convert: timestamp, zone: Mars/Olympus }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.updated.zone: 'Mars/Olympus' is not a time zone; use a region id"),
                Arguments.of("column and constant", VALID_HEAD + """
                        fields:
                          currency: { column: CURR_CD, value: EUR }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.currency: has both 'column' and 'value'"),
                Arguments.of("nested path collides with a value", VALID_HEAD + """
                        fields:
                          total: TOT_AMT
                          total.amount: TOT_AMT
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.total.amount: nests under 'total', which is a value; rename one of them"),
                Arguments.of("transition without to", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderShipped, on: update, when: { transition: { field: ORD_STS } } } ]
                        """, "broken.yaml: events[0].when.transition.to: is missing; give the legacy value it changes to"),
                Arguments.of("transition with column and field", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderShipped, on: update, when: { transition: { field: ORD_STS, column: ORD_STS, to: SH } } } ]
                        """, "broken.yaml: events[0].when.transition: has both 'column' and 'field'"),
                Arguments.of("two conditions", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderShipped, on: update, when: { changed: [ORD_STS], transition: { field: ORD_STS, to: SH } } } ]
                        """, "broken.yaml: events[0].when: must hold exactly one of"),
                Arguments.of("old value on insert", VALID_HEAD + """
                        fields:
                          previousStatus: { column: ORD_STS, image: before }
                        events: [ { type: OrderPlaced, on: insert, fields: [previousStatus] } ]
                        """,
                        "broken.yaml: events[0].fields: field 'previousStatus' reads the before image, which only updates and deletes have"),
                Arguments.of("excluded key column", VALID_HEAD.replace("[ORD_NO]", "[CUST_NO]") + """
                        exclude: [CUST_NO]
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: key: uses CUST_NO, which this mapping excludes or masks"),
                Arguments.of("condition on an excluded column", VALID_HEAD + """
                        exclude: [RMK_TX]
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderRemarkEdited, on: update, when: { changed: [RMK_TX] } } ]
                        """, "broken.yaml: events[0].when: compares RMK_TX, which this mapping excludes"),
                Arguments.of("masked column read unmasked elsewhere", VALID_HEAD + """
                        fields:
                          phone:       { column: PHONE_NO, mask: true }
                          phoneDigits: { column: PHONE_NO, convert: trim }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.phoneDigits: reads PHONE_NO, which another field masks"),
                Arguments.of("mask not a boolean", VALID_HEAD + """
                        fields:
                          phone: { column: PHONE_NO, mask: partly }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "broken.yaml: fields.phone.mask: must be true or false"),
                Arguments.of("version not a number", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, version: one, on: insert } ]
                        """, "broken.yaml: events[0].version: 'one' is not a schema version; use a whole number from 1"),
                Arguments.of("version zero", VALID_HEAD + """
                        fields: { orderId: ORD_NO }
                        events: [ { type: OrderPlaced, version: 0, on: insert } ]
                        """, "broken.yaml: events[0].version: '0' is not a schema version"),
                Arguments.of("event type twice in one file",
                        """
                                mappings:
                                  - { table: OMS.ORDHDR, aggregate: orders, key: [ORD_NO], fields: { orderId: ORD_NO }, events: [ { type: OrderPlaced, on: insert } ] }
                                  - { table: OMS.ORDLIN, aggregate: orders, key: [ORD_NO, LIN_NO], fields: { orderId: ORD_NO }, events: [ { type: OrderPlaced, on: insert } ] }
                                """,
                        "broken.yaml: mappings[1].events[0].type: duplicate event type 'OrderPlaced', already declared in broken.yaml (mappings[0].events[0])"),
                Arguments.of("a table mapping beside the mappings list",
                        """
                                table: OMS.CUSTMST
                                mappings:
                                  - { table: OMS.ORDHDR, aggregate: orders, key: [ORD_NO], fields: { orderId: ORD_NO }, events: [ { type: OrderPlaced, on: insert } ] }
                                """,
                        "broken.yaml: table: is beside 'mappings:', which then holds every table mapping of the file; move 'table' into an element"),
                Arguments.of("an option on a constant", VALID_HEAD + """
                        fields: { orderId: ORD_NO, currency: { value: EUR, convert: trim } }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """,
                        "broken.yaml: fields.currency.convert: does not apply to a constant ('value:'), which is published as it is written; remove it"),
                Arguments.of("nested mappings not a list", "mappings: { table: OMS.ORDHDR }",
                        "broken.yaml: mappings: must be a list of table mappings"),
                Arguments.of("error inside the second of several mappings",
                        """
                                mappings:
                                  - { table: OMS.ORDHDR, aggregate: orders, key: [ORD_NO], fields: { orderId: ORD_NO }, events: [ { type: OrderPlaced, on: insert } ] }
                                  - { table: OMS.ORDLIN, aggregate: orders, key: [ORD_NO, LIN_NO], fields: { qty: { column: QTY, convert: number } }, events: [ { type: OrderLineAdded, on: insert } ] }
                                """,
                        "broken.yaml: mappings[1].fields.qty.convert: unknown conversion 'number'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileNamesFileKeyAndFix(String description, String yaml, String message) {
        assertThatThrownBy(() -> MappingCatalog.load(List.of(new MappingSource("broken.yaml", yaml))))
                .isInstanceOf(MappingDefinitionException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> locatedProblems() {
        return Stream.of(
                Arguments.of("conversion in block style", """
                        table: OMS.ORDHDR
                        aggregate: orders
                        key: [ORD_NO]
                        fields:
                          orderId:
                            column: ORD_NO
                            convert: strin
                        events:
                          - { type: OrderPlaced, on: insert }
                        """, "fields.orderId.convert", 7),
                Arguments.of("transition in the second event", """
                        table: OMS.ORDHDR
                        aggregate: orders
                        key: [ORD_NO]
                        fields: { orderId: ORD_NO }
                        events:
                          - type: OrderPlaced
                            on: insert
                          - type: OrderShipped
                            on: update
                            when:
                              transition: { field: ORD_STS }
                        """, "events[1].when.transition.to", 11),
                Arguments.of("field in the second mapping", """
                        mappings:
                          - table: OMS.ORDHDR
                            aggregate: orders
                            key: [ORD_NO]
                            fields: { orderId: ORD_NO }
                            events: [ { type: OrderPlaced, on: insert } ]
                          - table: OMS.ORDLIN
                            aggregate: orders
                            key: [ORD_NO, LIN_NO]
                            fields:
                              qty: { column: QTY, convert: number }
                            events: [ { type: OrderLineAdded, on: insert } ]
                        """, "mappings[1].fields.qty.convert", 11),
                Arguments.of("dotted field path", """
                        table: OMS.ORDHDR
                        aggregate: orders
                        key: [ORD_NO]
                        fields:
                          orderId: ORD_NO
                          total.amount: { column: TOT_AMT, convert: cents, scale: x }
                        events: [ { type: OrderPlaced, on: insert } ]
                        """, "fields.total.amount.scale", 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locatedProblems")
    void problemsNameTheirKeyPathAndLine(String description, String yaml, String key, int line) {
        assertThatThrownBy(() -> MappingCatalog.load(List.of(new MappingSource("located.yaml", yaml))))
                .isInstanceOfSatisfying(MappingDefinitionException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.file()).isEqualTo("located.yaml");
                    org.assertj.core.api.Assertions.assertThat(e.key()).isEqualTo(key);
                    org.assertj.core.api.Assertions.assertThat(e.line()).isEqualTo(line);
                })
                .hasMessageStartingWith("located.yaml: " + key + ": ")
                .hasMessageEndingWith("(line " + line + ")");
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
