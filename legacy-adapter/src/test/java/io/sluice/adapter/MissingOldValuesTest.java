package io.sluice.adapter;

import static io.sluice.adapter.Rows.adapter;
import static io.sluice.adapter.Rows.change;
import static io.sluice.adapter.Rows.row;
import static io.sluice.adapter.Rows.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.adapter.change.OldImage;
import io.sluice.adapter.change.OldImages;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.EventRule;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;
import io.sluice.adapter.mapping.TableMapping;

/**
 * Rules that read old row values: which columns each needs, the start-up check against what the source logs, and the
 * run-time defence (a change lacking them is dead-lettered naming the rule and its columns, never published with defaults).
 */
class MissingOldValuesTest {

    private static final TableId PAYMENT = TableId.parse("OMS.PAYMENT");
    /** PostgreSQL's default replica identity: the old image of an update or delete holds the primary key only. */
    private static final OldImage KEY_ONLY = new OldImage("REPLICA IDENTITY DEFAULT: primary key [PAY_NO]", Set.of("PAY_NO"),
            "ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL;");
    private static final OldImage FULL = OldImage.everyColumn("REPLICA IDENTITY FULL");

    private static final String PAYMENTS = """
            table: OMS.PAYMENT
            aggregate: payments
            key: [PAY_NO]
            fields:
              paymentId: { column: PAY_NO, convert: string }
              amount:    { column: AMT, convert: cents }
              paidOn:    { column: PAID_DT, convert: date }
              card:      { column: CARD_NO, mask: true }
              channel:   { value: POS }
              oldAmount: { column: AMT, image: before, convert: cents }
            events:
              - { type: PaymentRecorded, on: insert, fields: [paymentId, amount, paidOn] }
              - { type: PaymentAmended, on: update, fields: [paymentId, amount] }
              - { type: PaymentRepriced, on: update, when: { changed: [AMT] }, fields: [paymentId, amount, oldAmount] }
              - { type: PaymentBooked, on: update, when: { transition: { column: STS, to: BK } }, fields: [paymentId] }
              - { type: PaymentReversed, on: update, when: { transition: { column: STS, from: BK, to: RV } }, fields: [paymentId] }
              - { type: PaymentVoided, on: delete, fields: [paymentId, amount, paidOn, card, channel] }
              - { type: PaymentKeyVoided, on: delete, fields: [paymentId, card, channel] }
              - { type: PaymentTouched, on: [update, delete], fields: [paymentId, paidOn] }
            """;

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("PaymentRecorded", Operation.INSERT, List.of()),
                Arguments.of("PaymentRecorded", Operation.SNAPSHOT, List.of()),
                Arguments.of("PaymentAmended", Operation.UPDATE, List.of()), // no 'when': emitted when it cannot compare
                Arguments.of("PaymentRepriced", Operation.UPDATE, List.of("AMT")),
                Arguments.of("PaymentBooked", Operation.UPDATE, List.of("STS")),
                Arguments.of("PaymentReversed", Operation.UPDATE, List.of("STS")),
                Arguments.of("PaymentVoided", Operation.DELETE, List.of("PAY_NO", "AMT", "PAID_DT")), // not the masked CARD_NO
                Arguments.of("PaymentKeyVoided", Operation.DELETE, List.of("PAY_NO")),
                Arguments.of("PaymentTouched", Operation.UPDATE, List.of()),
                Arguments.of("PaymentTouched", Operation.DELETE, List.of("PAY_NO", "PAID_DT")),
                Arguments.of("PaymentVoided", Operation.UPDATE, List.of())); // not a rule of updates
    }

    @ParameterizedTest(name = "{0} on {1} reads the old values of {2}")
    @MethodSource("rules")
    void eachRuleSaysWhichOldValuesItReads(String type, Operation operation, List<String> columns) {
        TableMapping mapping = catalog(PAYMENTS).mappingsOf(PAYMENT).get(0);
        EventRule rule = mapping.events().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();

        assertThat(rule.oldColumns(operation, mapping.keyColumns())).isEqualTo(columns);
    }

    @Test
    void aTableThatLogsOnlyItsKeyFailsEveryRuleReadingOtherOldValuesNamingRuleColumnsAndFix() {
        List<String> problems = catalog(PAYMENTS).missingOldValues(OldImages.of(Map.of(PAYMENT, KEY_ONLY)));

        assertThat(problems).containsExactly(
                "OMS.PAYMENT: event PaymentRepriced (test.yaml, on update) needs the old value of [AMT], but the source logs the old"
                        + " values of [PAY_NO] only (REPLICA IDENTITY DEFAULT: primary key [PAY_NO]); run ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL;",
                "OMS.PAYMENT: event PaymentBooked (test.yaml, on update) needs the old value of [STS], but the source logs the old"
                        + " values of [PAY_NO] only (REPLICA IDENTITY DEFAULT: primary key [PAY_NO]); run ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL;",
                "OMS.PAYMENT: event PaymentReversed (test.yaml, on update) needs the old value of [STS], but the source logs the old"
                        + " values of [PAY_NO] only (REPLICA IDENTITY DEFAULT: primary key [PAY_NO]); run ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL;",
                "OMS.PAYMENT: event PaymentVoided (test.yaml, on delete) needs the old values of [PAY_NO, AMT, PAID_DT], but the source logs the"
                        + " old values of [PAY_NO] only (REPLICA IDENTITY DEFAULT: primary key [PAY_NO]); run ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL;",
                "OMS.PAYMENT: event PaymentTouched (test.yaml, on delete) needs the old values of [PAY_NO, PAID_DT], but the source logs the"
                        + " old values of [PAY_NO] only (REPLICA IDENTITY DEFAULT: primary key [PAY_NO]); run ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL;");
    }

    @Test
    void aTableThatLogsEveryOldValueFitsEveryRule() {
        assertThat(catalog(PAYMENTS).missingOldValues(OldImages.of(Map.of(PAYMENT, FULL)))).isEmpty();
    }

    @Test
    void aTableWhoseOldImageIsUnknownIsNotJudgedAtStartUp() {
        assertThat(catalog(PAYMENTS).missingOldValues(OldImages.UNKNOWN)).isEmpty();
    }

    @Test
    void aKeyOnlyDeleteIsDeadLetteredNotPublishedWithTheDefaultsStandingInForUnloggedValues() {
        var adapter = new LegacyAdapter(catalog("""
                table: OMS.PAYMENT
                aggregate: payments
                key: [PAY_NO]
                fields:
                  paymentId: { column: PAY_NO, convert: string }
                  amount:    { column: AMT, convert: cents }
                  paidOn:    { column: PAID_DT, convert: date }
                events:
                  - { type: PaymentVoided, on: delete, fields: [paymentId, amount, paidOn] }
                """), List.of(), OldImages.of(Map.of(PAYMENT, KEY_ONLY)));
        // what Debezium hands over for a delete under the default replica identity: the key, and defaults for the rest
        var delete = change("OMS.PAYMENT", Operation.DELETE, row("PAY_NO", 7, "AMT", 0L, "PAID_DT", null), null, "3000");

        assertThatThrownBy(() -> adapter.apply(delete)).isInstanceOfSatisfying(UnmappableChangeException.class, e -> assertThat(e.reason())
                .isEqualTo(
                        "event PaymentVoided (test.yaml, on delete) needs the old values of [PAY_NO, AMT, PAID_DT]; the change does not carry"
                                + " them (the source logs the old values of [PAY_NO] only: REPLICA IDENTITY DEFAULT: primary key [PAY_NO]);"
                                + " run ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL;"));
    }

    @Test
    void aDeleteWhoseKeyIsNotLoggedIsDeadLetteredWithoutAStandInKey() {
        var adapter = new LegacyAdapter(catalog("""
                table: OMS.PAYMENT
                aggregate: payments
                key: [CARD_NO]
                fields:
                  paymentId: { column: PAY_NO, convert: string }
                events:
                  - { type: PaymentKeyVoided, on: delete }
                """), List.of(), OldImages.of(Map.of(PAYMENT, KEY_ONLY)));
        // the old image logs PAY_NO only; Debezium hands over '' for the NOT NULL CARD_NO
        var delete = change("OMS.PAYMENT", Operation.DELETE, row("PAY_NO", 7, "AMT", 0L, "PAID_DT", null, "CARD_NO", ""), null, "3000");

        assertThatThrownBy(() -> adapter.apply(delete)).isInstanceOfSatisfying(UnmappableChangeException.class, e -> {
            assertThat(e.key()).isEqualTo("?");
            assertThat(e.reason()).contains("event PaymentKeyVoided (test.yaml, on delete) needs the old values of [CARD_NO, PAY_NO]");
        });
    }

    @Test
    void anInsertOfATableWithoutInsertRulesIsNotKeyed() {
        var adapter = new LegacyAdapter(catalog("""
                table: OMS.PAYMENT
                aggregate: payments
                key: [PAY_NO]
                fields: { paymentId: PAY_NO }
                events: [ { type: PaymentVoided, on: delete } ]
                """));

        assertThat(adapter.apply(Rows.insert("OMS.PAYMENT", row("AMT", 5L)))).isEmpty();
    }

    @Test
    void aDeleteUnderAFullOldImageIsPublished() {
        var adapter = new LegacyAdapter(catalog(PAYMENTS), List.of(), OldImages.of(Map.of(PAYMENT, FULL)));
        var delete = change("OMS.PAYMENT", Operation.DELETE,
                row("PAY_NO", 7, "AMT", 2550L, "PAID_DT", "20261124", "CARD_NO", "4111", "STS", "BK"), null, "3000");

        assertThat(adapter.apply(delete)).extracting(e -> e.data().toString()).containsExactly(
                "{\"paymentId\":\"7\",\"amount\":25.50,\"paidOn\":\"2026-11-24\",\"card\":\"****\",\"channel\":\"POS\"}",
                "{\"paymentId\":\"7\",\"card\":\"****\",\"channel\":\"POS\"}",
                "{\"paymentId\":\"7\",\"paidOn\":\"2026-11-24\"}");
    }

    @Test
    void aTransitionThatDidNotReachItsTargetNeedsNoOldValue() {
        var adapter = new LegacyAdapter(catalog("""
                table: OMS.PAYMENT
                aggregate: payments
                key: [PAY_NO]
                fields:
                  paymentId: { column: PAY_NO, convert: string }
                events:
                  - { type: PaymentBooked, on: update, when: { transition: { column: STS, to: BK } }, fields: [paymentId] }
                """), List.of(), OldImages.of(Map.of(PAYMENT, KEY_ONLY)));

        assertThat(adapter.apply(update("OMS.PAYMENT", null, row("PAY_NO", 7, "STS", "NW")))).isEmpty();
        assertThatThrownBy(() -> adapter.apply(update("OMS.PAYMENT", null, row("PAY_NO", 7, "STS", "BK"))))
                .isInstanceOf(UnmappableChangeException.class)
                .hasMessageContaining("event PaymentBooked (test.yaml, on update) needs the old value of [STS]");
    }

    @Test
    void aBeforeImageWithoutTheColumnIsNotReadAsNullWhenTheSourceIsUnknown() {
        var adapter = new LegacyAdapter(catalog(PAYMENTS));
        var delete = change("OMS.PAYMENT", Operation.DELETE, row("PAY_NO", 7, "AMT", 2550L), null, "3000");

        assertThatThrownBy(() -> adapter.apply(delete)).isInstanceOfSatisfying(UnmappableChangeException.class, e -> assertThat(e.reason())
                .startsWith("event PaymentVoided (test.yaml, on delete) needs the old values of [PAY_NO, AMT, PAID_DT];")
                .contains("event PaymentTouched (test.yaml, on delete) needs the old values of [PAY_NO, PAID_DT]")
                .doesNotContain("PaymentKeyVoided")
                .endsWith("run ALTER TABLE \"OMS\".\"PAYMENT\" REPLICA IDENTITY FULL so that PostgreSQL logs old values"));
    }

    private static final LegacyAdapter CUSTOMERS = adapter("""
            table: OMS.CUSTMST
            aggregate: customers
            key: [CUST_NO]
            fields:
              customerId: { column: CUST_NO, convert: trim }
            events:
              - { type: CustomerContactDetailsChanged, on: update, when: { changed: [EMAIL_ADR, PHONE_NO] }, fields: [customerId] }
              - { type: CustomerLapsed, on: update, when: { transition: { column: ACTV_FLG, from: Y, to: N } }, fields: [customerId] }
            """);

    @Test
    void aLapseWithoutOldValuesNamesTheLapseRuleAndItsColumn() {
        assertThatThrownBy(() -> CUSTOMERS.apply(update("OMS.CUSTMST", null, row("CUST_NO", "C1", "ACTV_FLG", "N"))))
                .isInstanceOfSatisfying(UnmappableChangeException.class, e -> assertThat(e.reason())
                        .contains("event CustomerLapsed (test.yaml, on update) needs the old value of [ACTV_FLG]")
                        .contains("ALTER TABLE \"OMS\".\"CUSTMST\" REPLICA IDENTITY FULL"));
    }

    private static MappingCatalog catalog(String yaml) {
        return MappingCatalog.load(List.of(new MappingSource("test.yaml", yaml)));
    }
}
