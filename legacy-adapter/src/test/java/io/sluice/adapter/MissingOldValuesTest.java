package io.sluice.adapter;

import static io.sluice.adapter.Rows.adapter;
import static io.sluice.adapter.Rows.row;
import static io.sluice.adapter.Rows.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A change whose old values a rule needs but the source did not send is dead-lettered naming that rule and its columns. */
class MissingOldValuesTest {

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
                        .contains("CustomerLapsed (test.yaml, on update) needs the old value of [ACTV_FLG]")
                        .contains("ALTER TABLE \"OMS\".\"CUSTMST\" REPLICA IDENTITY FULL"));
    }
}
