package io.sluice.relay.capture;

import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.RowChange;

/** A change that cannot become an event under the bad-data policy {@code fail}: the batch is not committed. */
public final class BadDataException extends RuntimeException {
    BadDataException(RowChange change, UnmappableChangeException cause) {
        super("A change of " + change.table() + " (key " + cause.key() + ") at position "
                + (change.position() == null ? "?" : change.position().lsn())
                + " cannot become an event: "
                + cause.getMessage()
                + ". The bad-data policy is fail (sluice.bad-data, or bad-data: in the table's mapping file), so the "
                + "relay publishes nothing from here on and retries: fix the mapping and reload it (POST /sluice/admin/mappings/reload) or restart, or choose dead-letter or "
                + "skip-with-warning", cause);
    }
}
