package io.sluice.relay.capture;

/** The capture engine stopped on a failure: the supervisor restarts it after a backoff. */
final class CaptureFailedException extends RuntimeException {
    CaptureFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
