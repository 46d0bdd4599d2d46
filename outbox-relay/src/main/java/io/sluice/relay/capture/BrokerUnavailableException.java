package io.sluice.relay.capture;

/** The Kafka cluster cannot be reached: the supervisor retries after a backoff. */
final class BrokerUnavailableException extends RuntimeException {
    BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
