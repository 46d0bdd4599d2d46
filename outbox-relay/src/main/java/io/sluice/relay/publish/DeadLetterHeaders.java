package io.sluice.relay.publish;

/** Kafka header names on dead-letter records. */
public final class DeadLetterHeaders {
    /** Why the change could not become an event. */
    public static final String REASON = "sluice_dlq_reason";
    /** The source table, schema-qualified. */
    public static final String TABLE = "sluice_dlq_table";
    /** The source position of the change. */
    public static final String POSITION = "sluice_dlq_position";
    /** The source transaction id of the change. */
    public static final String TRANSACTION_ID = "sluice_dlq_txid";
    /** The operation (INSERT, UPDATE, DELETE, SNAPSHOT). */
    public static final String OPERATION = "sluice_dlq_operation";
    /**
     * On replay markers only (records the admin API appends to the dead-letter topic after a replay): the dead letter
     * replayed, {@code <partition>:<offset>}. Markers carry none of the headers above.
     */
    public static final String REPLAY_OF = "sluice_dlq_replay_of";
    /** On replay markers: {@code PUBLISHED} or {@code STILL_FAILING}. */
    public static final String REPLAY_OUTCOME = "sluice_dlq_replay_outcome";

    private DeadLetterHeaders() {
    }
}
