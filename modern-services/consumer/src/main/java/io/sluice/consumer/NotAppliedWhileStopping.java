package io.sluice.consumer;

/**
 * The application began to stop before this event took effect. It must be neither acknowledged (that would commit
 * its offset: lost) nor dead-lettered (nothing is wrong with it): {@link StoppingAwareDeadLetterQueue} leaves it
 * uncommitted, and the next start applies it.
 */
public class NotAppliedWhileStopping extends RuntimeException {

    public NotAppliedWhileStopping(IncomingEvent event, Throwable cause) {
        super("not applied, the service is stopping: " + event + " stays uncommitted and is applied at the next start", cause);
    }
}
