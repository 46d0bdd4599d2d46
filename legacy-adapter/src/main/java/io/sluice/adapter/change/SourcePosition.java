package io.sluice.adapter.change;

/** Where a change sits in the source's log: the PostgreSQL LSN and the transaction id, as text. */
public record SourcePosition(String lsn, String transactionId) {
}
