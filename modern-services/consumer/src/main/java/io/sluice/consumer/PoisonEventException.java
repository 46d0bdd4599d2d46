package io.sluice.consumer;

/**
 * An event that can never be applied, however often it is retried: not a CloudEvent, malformed
 * JSON, a required field missing, an unknown schema version. It goes to the dead-letter topic with
 * this message as the reason; every other failure is retried.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
