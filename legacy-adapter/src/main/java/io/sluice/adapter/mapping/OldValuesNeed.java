package io.sluice.adapter.mapping;

import java.util.List;
import java.util.Locale;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.TableId;

/**
 * A rule that reads old row values: the event {@code eventType} of mapping file {@code file}, on {@code operation}s of
 * {@code table}, reads the old values of {@code columns}.
 */
public record OldValuesNeed(String file, TableId table, String eventType, Operation operation, List<String> columns) {

    public OldValuesNeed {
        columns = List.copyOf(columns);
    }

    /** E.g. {@code event PaymentVoided (payments.yaml, on delete)}. */
    public String rule() {
        return "event " + eventType + " (" + file + ", on " + operation.name().toLowerCase(Locale.ROOT) + ")";
    }
}
