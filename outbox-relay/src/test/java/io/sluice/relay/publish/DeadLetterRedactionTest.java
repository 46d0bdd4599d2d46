package io.sluice.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.RowChange;

/** Dead-lettered rows keep what is needed to replay them, but never masked or excluded personal data. */
class DeadLetterRedactionTest {

    @Test
    void sensitiveColumnsAreRedactedAndTheRestKept() {
        Map<String, Object> row = new HashMap<>(Map.of("CUST_NO", "C1", "PHONE_NO", "+49 30 1234567", "CRT_DT", "20261341"));
        row.put("NOTES", RowChange.UNAVAILABLE);

        Map<String, Object> printed = PublishedRecords.printable(row, Set.of("PHONE_NO"));

        assertThat(printed).containsEntry("PHONE_NO", "****").containsEntry("CUST_NO", "C1").containsEntry("CRT_DT", "20261341")
                .containsEntry("NOTES", "(unavailable: unchanged TOAST value)");
        assertThat(printed.toString()).doesNotContain("1234567");
    }
}
