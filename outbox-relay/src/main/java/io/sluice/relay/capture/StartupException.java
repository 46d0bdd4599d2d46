package io.sluice.relay.capture;

/** A problem that retrying cannot fix (configuration, credentials): the relay stops with this message. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
