package io.sluice.relay;

/**
 * An operator's request the relay cannot carry out (admin API). The message says why and what to do; the status is
 * the HTTP status that fits: 400 bad request, 404 no such thing, 409 conflicts with what the relay is doing, 503 not
 * ready or a server it needs is unavailable.
 */
public class OperationRefusedException extends RuntimeException {

    private final int status;

    public OperationRefusedException(int status, String message) {
        this(status, message, null);
    }

    public OperationRefusedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
