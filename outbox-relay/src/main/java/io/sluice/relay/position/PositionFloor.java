package io.sluice.relay.position;

import java.util.Map;
import java.util.function.BiPredicate;

import io.sluice.relay.source.SourceFamily;

/**
 * The source position a capture run has reached, which it never moves back: first the stored position it resumed from,
 * then each position it commits. A record whose offset {@linkplain SourceFamily#precedes precedes} it is published as
 * usual but its position is neither committed nor marked processed, since resuming from there would read again what is
 * already published (MariaDB: Debezium reads a transaction's skipped events again after a restart from inside it, and a
 * heartbeat meanwhile carries the transaction's start). One per run, used by the engine's batch thread only.
 */
public final class PositionFloor {

    private final BiPredicate<Map<String, ?>, Map<String, ?>> precedes;
    private Map<String, ?> reached;

    /**
     * @param family  orders the family's positions
     * @param resumed the stored position the run resumes from; null on a first start
     */
    public PositionFloor(SourceFamily family, Map<String, ?> resumed) {
        this(family::precedes, resumed);
    }

    private PositionFloor(BiPredicate<Map<String, ?>, Map<String, ?>> precedes, Map<String, ?> resumed) {
        this.precedes = precedes;
        this.reached = resumed;
    }

    /** @return a floor that orders no positions: every position advances */
    public static PositionFloor none() {
        return new PositionFloor((offset, other) -> false, null);
    }

    /**
     * @param offset a record's source offset (Debezium's), in stream order
     * @return false when it precedes the position reached (then it is not recorded), true otherwise (then it is the
     *         position reached)
     */
    public boolean advancedBy(Map<String, ?> offset) {
        if (offset == null || offset.isEmpty()) {
            return true;
        }
        if (reached != null && precedes.test(offset, reached)) {
            return false;
        }
        reached = offset;
        return true;
    }
}
