package io.sluice.relay.logging;

import java.util.Arrays;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the Kafka client's warning that a topic is unknown on its first use ("The metadata response from the cluster
 * reported a recoverable issue ... UNKNOWN_TOPIC_OR_PARTITION"): the relay publishes to {@code <aggregate>.events}
 * topics that the broker creates on first use, so every new topic gave one WARN line on a healthy start. The case
 * that matters, a topic that never comes (auto-creation off and nobody created it), is not lost: the send fails after
 * {@code max.block.ms} and the relay reports that failure itself. Every other client warning passes.
 */
@LoggingFilter(name = "sluice-topic-created-on-first-use")
public final class TopicCreatedOnFirstUseFilter implements Filter {

    static final String CATEGORY = "org.apache.kafka.clients.NetworkClient";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!CATEGORY.equals(record.getLoggerName())) {
            return true;
        }
        String message = String.valueOf(record.getMessage());
        String parameters = record.getParameters() == null ? "" : Arrays.toString(record.getParameters());
        return !(message.contains("recoverable issue")
                && (message.contains("UNKNOWN_TOPIC_OR_PARTITION") || parameters.contains("UNKNOWN_TOPIC_OR_PARTITION")));
    }
}
