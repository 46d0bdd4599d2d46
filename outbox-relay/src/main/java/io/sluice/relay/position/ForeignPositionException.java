package io.sluice.relay.position;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source position stored under this relay's key was written by a source of another database family: two relays
 * given the same {@code sluice.source.name}, database name and slot name read different databases. Resuming from it
 * would fail in Debezium with a message that names neither cause nor fix, and retrying cannot help.
 */
public class ForeignPositionException extends ConnectException {

    public ForeignPositionException(String message) {
        super(message);
    }
}
