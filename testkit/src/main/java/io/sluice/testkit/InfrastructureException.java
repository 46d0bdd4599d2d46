package io.sluice.testkit;

/** The test/demo infrastructure cannot start; the message is one line that names the cause and the fix. */
public class InfrastructureException extends RuntimeException {
    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
