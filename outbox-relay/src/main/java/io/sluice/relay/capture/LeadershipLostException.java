package io.sluice.relay.capture;

/** Another instance leads the slot now (this one's lease lapsed, or its producer was fenced): this one stands by. */
final class LeadershipLostException extends RuntimeException {
    LeadershipLostException(String message) {
        super(message);
    }
}
