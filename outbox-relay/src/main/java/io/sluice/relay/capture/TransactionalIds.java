package io.sluice.relay.capture;

import io.sluice.relay.config.RelayConfig;

/**
 * The Kafka transactional ids of a source: the same on every instance attached to it, so that a new leader's producer
 * fences the former leader's. Dead-letter replays have their own (a producer with the capture's id would fence it).
 */
public final class TransactionalIds {

    private TransactionalIds() {
    }

    /** The capture's: configured, or derived from the source's host, port, database and slot. */
    public static String capture(RelayConfig config, SourceDatabase database) {
        return config.publish().transactionalId().orElseGet(() -> "sluice-" + database.host() + ":" + database.port() + "/"
                + database.database() + "/" + config.source().slotName());
    }

    /** Dead-letter replays': events and replay markers commit together. */
    public static String replay(RelayConfig config, SourceDatabase database) {
        return capture(config, database) + "/replay";
    }
}
