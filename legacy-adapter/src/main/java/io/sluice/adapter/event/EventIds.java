package io.sluice.adapter.event;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.UUID;

import io.sluice.adapter.change.RowChange;

/** Deterministic event ids: the same source change always yields the same id, so replays can be deduplicated. */
public final class EventIds {

    private EventIds() {
    }

    /** The {@code ce_source} of events derived from a change: {@code sluice/<source>/<SCHEMA.TABLE>}. */
    public static String source(RowChange change) {
        return "sluice/" + change.source() + "/" + change.table();
    }

    /** A name-based UUID of the change's source, position, table, the aggregate key and the event type. */
    public static String of(RowChange change, String key, String eventType) {
        String lsn = change.position() == null ? "" : change.position().lsn();
        return UUID.nameUUIDFromBytes((source(change) + "|" + lsn + "|" + key + "|" + eventType).getBytes(UTF_8)).toString();
    }
}
