package io.sluice.relay.publish;

import java.util.Set;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.RecordMetadata;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;

/**
 * Where the commit protocol ({@code ChangeBatchHandler}) sends a batch: its events and dead letters, then
 * {@link #commit()}; the source positions are recorded only after the commit and every returned future succeeded.
 * {@link EventPublisher} is the one on Kafka.
 */
public interface EventSink {

    /** Sends one event; the future completes when Kafka has acknowledged it. */
    Future<RecordMetadata> publish(DomainEvent event);

    /** Sends a change that could not become an event to the dead-letter topic, with the reason. */
    Future<RecordMetadata> deadLetter(RowChange change, String key, String reason, Set<String> sensitiveColumns);

    /**
     * Ends a batch (commits its Kafka transaction, if any).
     *
     * @throws EventPublisher.FencedException when another instance has taken over
     */
    void commit();
}
