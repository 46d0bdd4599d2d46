package io.sluice.consumer;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops SmallRye Reactive Messaging's ERROR line ("SRMSG00200: The method ... has thrown an exception", with its stack
 * trace) for an event that {@link InboxProcessor} did not apply because the service is stopping: such an event is not
 * an error (it stays uncommitted and the next start applies it), and a stop in the middle of a stream would otherwise
 * log one ERROR per record still buffered by the consumer. Every other line passes. Enable it with
 * {@code quarkus.log.console.filter=sluice-not-applied-while-stopping}.
 */
@LoggingFilter(name = "sluice-not-applied-while-stopping")
public final class NotAppliedWhileStoppingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        return record.getThrown() == null || !StoppingAwareDeadLetterQueue.stoppedBeforeApplying(record.getThrown());
    }
}
