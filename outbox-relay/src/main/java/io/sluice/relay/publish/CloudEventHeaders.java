package io.sluice.relay.publish;

/**
 * Kafka header names of CloudEvents 1.0 in binary mode, plus Sluice's extension attributes.
 * Consumers read these; they are part of the published contract.
 */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";
    /** Sluice extension: version of the event type's schema. */
    public static final String EVENT_VERSION = "ce_eventversion";
    /** Sluice extension: the source position (PostgreSQL LSN) of the change. */
    public static final String SOURCE_POSITION = "ce_sourceposition";
    /** Sluice extension: the source transaction id. */
    public static final String TRANSACTION_ID = "ce_txid";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {
    }
}
