package io.sluice.relay.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.relay.publish.EventPublisher;

/**
 * The commit protocol: map every change of a batch, send the events, wait until Kafka has
 * acknowledged all of them, and only then mark the batch's records processed so that Debezium may
 * record their source positions. If a send fails, nothing of the batch is marked and the batch is
 * replayed after the engine restarts.
 */
public final class ChangeBatchHandler implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger LOG = Logger.getLogger(ChangeBatchHandler.class);

    private final ChangeRecordConverter converter;
    private final LegacyAdapter adapter;
    private final OutboxRouter outbox;
    private final EventPublisher publisher;
    private final RelayStatus status;

    public ChangeBatchHandler(ChangeRecordConverter converter, LegacyAdapter adapter, OutboxRouter outbox, EventPublisher publisher,
            RelayStatus status) {
        this.converter = converter;
        this.adapter = adapter;
        this.outbox = outbox;
        this.publisher = publisher;
        this.status = status;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        int changes = 0;
        for (RecordChangeEvent<SourceRecord> record : records) {
            RowChange change = converter.toRowChange(record.record());
            if (change == null) {
                continue;
            }
            changes++;
            try {
                List<DomainEvent> events = outbox.routes(change.table()) ? outbox.route(change) : adapter.apply(change);
                for (DomainEvent event : events) {
                    sends.add(publisher.publish(event));
                }
            } catch (UnmappableChangeException e) {
                LOG.warnf("Dead-lettering change of %s at position %s: %s", change.table(),
                        change.position() == null ? "?" : change.position().lsn(), e.getMessage());
                sends.add(publisher.deadLetter(change, e.key(), e.getMessage()));
                status.recordDeadLetter();
            }
        }
        awaitAcknowledgements(sends);
        for (RecordChangeEvent<SourceRecord> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
        status.processed(changes, sends.size());
    }

    private static void awaitAcknowledgements(List<Future<RecordMetadata>> sends) throws InterruptedException {
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new PublishFailedException("Kafka did not acknowledge an event: " + e.getCause().getMessage()
                        + "; the batch's source positions are not recorded and the batch will be replayed", e.getCause());
            }
        }
    }

    /** Kafka refused or timed out an event; the batch is not committed. */
    public static final class PublishFailedException extends RuntimeException {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
