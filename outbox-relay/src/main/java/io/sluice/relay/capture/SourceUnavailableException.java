package io.sluice.relay.capture;

/** The source database cannot be reached or asked: the supervisor retries after a backoff. */
public final class SourceUnavailableException extends RuntimeException {
    SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
