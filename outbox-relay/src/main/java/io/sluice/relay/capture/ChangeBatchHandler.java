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
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.relay.metrics.RelayMetrics;
import io.sluice.relay.publish.EventPublisher;
import io.sluice.relay.snapshot.SnapshotChildren;
import javax.sql.DataSource;

/**
 * The commit protocol: group the changes of a batch by source transaction, map every complete
 * transaction (so that an order header and its lines become one event), send the events, wait until
 * Kafka has acknowledged all of them (and committed the batch's transaction), and only then mark the records processed so that Debezium may
 * record their source positions. A transaction that the batch ends in the middle of is held over to the
 * next batch, unmarked. If a send fails, nothing of the batch is marked and it is replayed after the
 * engine restarts.
 *
 * <p>Debezium calls {@link #handleBatch} from one thread at a time.
 */
public final class ChangeBatchHandler implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger LOG = Logger.getLogger(ChangeBatchHandler.class);

    private final ChangeRecordConverter converter;
    private final LegacyAdapter adapter;
    private final OutboxRouter outbox;
    private final EventPublisher publisher;
    private final RelayStatus status;
    private final RelayMetrics metrics;
    private final SnapshotChildren children;
    private final DataSource source;
    /** Snapshot rows of the batch not yet mapped: their children are read for several rows at once. */
    private final List<RowChange> snapshotRows = new ArrayList<>();

    /** Records of the open transaction, in order; changes are null for records that are not row changes. */
    private final List<RecordChangeEvent<SourceRecord>> openRecords = new ArrayList<>();
    private final List<RowChange> openChanges = new ArrayList<>();
    private String openTransaction;

    /**
     * @param children reads the child rows that snapshot rows' events collect
     * @param source   the source database, for those reads
     */
    public ChangeBatchHandler(ChangeRecordConverter converter, LegacyAdapter adapter, OutboxRouter outbox, EventPublisher publisher,
            RelayStatus status, RelayMetrics metrics, SnapshotChildren children, DataSource source) {
        this.converter = converter;
        this.adapter = adapter;
        this.outbox = outbox;
        this.publisher = publisher;
        this.status = status;
        this.metrics = metrics;
        this.children = children;
        this.source = source;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        status.awaitResumed(); // paused by an operator: nothing is published, no position moves
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        List<RecordChangeEvent<SourceRecord>> done = new ArrayList<>(records.size());
        int changes = 0;
        for (RecordChangeEvent<SourceRecord> record : records) {
            String ended = converter.transactionEnd(record.record());
            RowChange change = ended == null ? converter.toRowChange(record.record()) : null;
            if (change == null || change.operation() != Operation.SNAPSHOT) {
                mapSnapshotRows(sends); // in order: snapshot rows before what follows them
            }
            if (change != null && change.operation() != Operation.SNAPSHOT) {
                String transaction = change.position() == null ? null : change.position().transactionId();
                if (openTransaction != null && !openTransaction.equals(transaction)) {
                    changes += closeTransaction(sends, done); // a new transaction began without an END marker
                }
                openTransaction = transaction;
                openRecords.add(record);
                openChanges.add(change);
                continue;
            }
            if (change != null) {
                // snapshot rows come one by one, with no transaction boundaries to wait for; their children are read
                // from the source, for the run of snapshot rows at once
                changes += closeTransaction(sends, done);
                snapshotRows.add(change);
                changes++;
                done.add(record);
                continue;
            }
            if (openTransaction != null) {
                openRecords.add(record);
                openChanges.add(null);
                if (openTransaction.equals(ended)) {
                    changes += closeTransaction(sends, done);
                }
            } else {
                done.add(record);
            }
        }
        mapSnapshotRows(sends);
        commit(sends);
        for (RecordChangeEvent<SourceRecord> record : done) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
        status.processed(changes, sends.size());
    }

    /** Maps and sends the open transaction; its records become ready to mark. */
    private int closeTransaction(List<Future<RecordMetadata>> sends, List<RecordChangeEvent<SourceRecord>> done) {
        List<RowChange> transaction = openChanges.stream().filter(c -> c != null).toList();
        for (RowChange change : transaction) {
            map(change, transaction, sends);
        }
        done.addAll(openRecords);
        openRecords.clear();
        openChanges.clear();
        openTransaction = null;
        return transaction.size();
    }

    /** Maps the pending snapshot rows, each with the child rows its events collect (an order with its lines). */
    private void mapSnapshotRows(List<Future<RecordMetadata>> sends) {
        if (snapshotRows.isEmpty()) {
            return;
        }
        List<List<RowChange>> assembled;
        try {
            assembled = children.assemble(source, snapshotRows);
        } catch (java.sql.SQLException e) {
            throw new PublishFailedException("Cannot read the child rows of snapshot rows of "
                    + snapshotRows.stream().map(RowChange::table).distinct().toList() + ": " + e.getMessage()
                    + "; the batch's source positions are not recorded and the batch will be replayed", e);
        }
        for (int i = 0; i < snapshotRows.size(); i++) {
            map(snapshotRows.get(i), assembled.get(i), sends);
        }
        snapshotRows.clear();
    }

    private void map(RowChange change, List<RowChange> transaction, List<Future<RecordMetadata>> sends) {
        metrics.changeRead(change);
        try {
            List<DomainEvent> events = outbox.routes(change.table()) ? outbox.route(change) : adapter.apply(change, transaction);
            for (DomainEvent event : events) {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("Publishing %s %s (%s %s) from %s at position %s", event.type(), event.id(), event.aggregateType(),
                            event.aggregateId(), change.table(), change.position() == null ? "?" : change.position().lsn());
                }
                sends.add(publisher.publish(event));
            }
        } catch (UnmappableChangeException e) {
            LOG.warnf("Dead-lettering change of %s at position %s: %s", change.table(),
                    change.position() == null ? "?" : change.position().lsn(), e.getMessage());
            sends.add(publisher.deadLetter(change, e.key(), e.getMessage(), adapter.sensitiveColumns(change.table())));
            status.recordDeadLetter();
            metrics.deadLettered(change);
        }
    }

    /** Commits the batch's Kafka transaction (if any) and waits until Kafka has acknowledged every record. */
    private void commit(List<Future<RecordMetadata>> sends) throws InterruptedException {
        try {
            publisher.commit();
        } catch (EventPublisher.FencedException e) {
            throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new PublishFailedException("Kafka did not commit the batch's transaction: " + e.getMessage()
                    + "; the batch's source positions are not recorded and the batch will be replayed", e);
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                if (EventPublisher.isFencing(e.getCause())) {
                    throw new EventPublisher.FencedException("Another relay instance took over publishing: " + e.getCause().getMessage(), e.getCause());
                }
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
