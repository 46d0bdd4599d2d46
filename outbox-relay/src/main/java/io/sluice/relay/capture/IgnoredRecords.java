package io.sluice.relay.capture;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.sluice.relay.metrics.RelayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every kind of record the relay reads and publishes nothing for, so that nothing is dropped without a trace: each is
 * counted by reason ({@code sluice_changes_ignored_total{reason}}) and logged the first time a reason occurs.
 */
@ApplicationScoped
public class IgnoredRecords {

    private static final Logger LOG = Logger.getLogger(IgnoredRecords.class);

    /** Why a record was ignored; {@link #tag()} is the metric's {@code reason}. */
    public enum Reason {
        /** A {@code TRUNCATE} of a captured table: Sluice publishes no event for it. */
        TRUNCATE("truncate"),
        /** A logical decoding message ({@code pg_logical_emit_message}): not a row change. */
        LOGICAL_MESSAGE("logical-message"),
        /** The empty record Debezium sends after a delete for Kafka's log compaction. */
        TOMBSTONE("tombstone"),
        /** An update of an outbox row: only inserted rows are events. */
        OUTBOX_UPDATE("outbox-update"),
        /** A delete of an outbox row (an application may delete rows right after inserting them): only inserted rows are events. */
        OUTBOX_DELETE("outbox-delete"),
        /** A change that cannot become an event, dropped by the bad-data policy {@code skip-with-warning}. */
        BAD_DATA("bad-data");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    @Inject
    RelayMetrics metrics;

    private final Set<Reason> logged = ConcurrentHashMap.newKeySet();

    IgnoredRecords() {
    }

    /** For tests: counts into these metrics. */
    IgnoredRecords(RelayMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param what the ignored record, for the first log line of its reason (no row values: they may be personal data)
     */
    public void ignored(Reason reason, String what) {
        metrics.ignored(reason.tag());
        if (logged.add(reason)) {
            LOG.infof("Ignored %s (%s); further ones are counted in sluice_changes_ignored_total{reason=\"%s\"}, not logged", what,
                    reason.tag(), reason.tag());
        }
    }
}
