package io.sluice.relay.capture;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.sluice.adapter.UnmappableChangeException;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.transaction.TransactionAssembler;
import io.sluice.adapter.transaction.TransactionAssembler.Unit;
import io.sluice.relay.metrics.RelayMetrics;
import io.sluice.relay.position.PositionWriter;
import io.sluice.relay.publish.EventPublisher;
import io.sluice.relay.publish.EventSink;

/**
 * The commit protocol: group the changes of a batch by source transaction ({@link TransactionAssembler}), map every complete
 * transaction (so that an order header and its lines become one event), send the events, wait until Kafka has acknowledged
 * all of them (and committed the batch's transaction), and only then mark the records processed so that Debezium may record
 * their source positions. A transaction that the batch ends in the middle of is held over to the next batch, unmarked. If a
 * send fails, nothing of the batch is marked and it is replayed after the engine restarts. With
 * {@code sluice.delivery=exactly-once}, the source position after the marked records is written into the batch's
 * transaction before it commits ({@link PositionWriter}). A record whose position precedes the one the run has reached
 * (Debezium reading a transaction again after a restart from inside it) is not marked: positions never move back.
 *
 * <p>Debezium calls {@link #handleBatch} from one thread at a time.
 */
public final class ChangeBatchHandler implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger LOG = Logger.getLogger(ChangeBatchHandler.class);

    private final ChangeRecordConverter converter;
    /** The mappings in force, taken once per batch: a reload takes effect between batches. */
    private final java.util.function.Supplier<ChangeRouting> routing;
    private final EventSink publisher;
    private final RelayStatus status;
    private final RelayMetrics metrics;
    private final IgnoredRecords ignored;
    private final SnapshotAssembly snapshots;
    private final PositionWriter positions;
    private final TransactionAssembler<RecordChangeEvent<SourceRecord>> transactions = new TransactionAssembler<>();

    /**
     * Gives snapshot rows the rows their events collect (a snapshot row has no transaction to find its children in):
     * for each row, in order, the row and its children ({@link io.sluice.relay.snapshot.SnapshotChildren}).
     */
    @FunctionalInterface
    public interface SnapshotAssembly {
        List<List<RowChange>> assemble(List<RowChange> snapshotRows) throws java.sql.SQLException;

        /** Snapshot rows collect nothing. */
        SnapshotAssembly NONE = rows -> rows.stream().map(List::of).toList();
    }

    /** Snapshot rows collect nothing (see the other constructor). */
    public ChangeBatchHandler(ChangeRecordConverter converter, ChangeRouting routing, EventSink publisher, RelayStatus status,
            RelayMetrics metrics, IgnoredRecords ignored) {
        this(converter, routing, publisher, status, metrics, ignored, SnapshotAssembly.NONE);
    }

    public ChangeBatchHandler(ChangeRecordConverter converter, ChangeRouting routing, EventSink publisher, RelayStatus status,
            RelayMetrics metrics, IgnoredRecords ignored, SnapshotAssembly snapshots) {
        this(converter, routing, publisher, status, metrics, ignored, snapshots, PositionWriter.atLeastOnce());
    }

    public ChangeBatchHandler(ChangeRecordConverter converter, ChangeRouting routing, EventSink publisher, RelayStatus status,
            RelayMetrics metrics, IgnoredRecords ignored, SnapshotAssembly snapshots, PositionWriter positions) {
        this(converter, () -> routing, publisher, status, metrics, ignored, snapshots, positions);
    }

    /**
     * @param routing   the mappings in force ({@link MappingsInForce}), asked once per batch
     * @param positions writes the position after each batch into the batch's transaction (exactly-once), or nothing
     */
    public ChangeBatchHandler(ChangeRecordConverter converter, java.util.function.Supplier<ChangeRouting> routing, EventSink publisher,
            RelayStatus status, RelayMetrics metrics, IgnoredRecords ignored, SnapshotAssembly snapshots, PositionWriter positions) {
        this.positions = positions;
        this.snapshots = snapshots;
        this.converter = converter;
        this.routing = routing;
        this.publisher = publisher;
        this.status = status;
        this.metrics = metrics;
        this.ignored = ignored;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        status.awaitResumed(); // paused by an operator: nothing is published, no position moves
        ChangeRouting routing = this.routing.get();
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        List<RecordChangeEvent<SourceRecord>> done = new ArrayList<>(records.size());
        int changes = 0;
        List<Unit<RecordChangeEvent<SourceRecord>>> units = new ArrayList<>();
        for (RecordChangeEvent<SourceRecord> record : records) {
            units.addAll(assemble(record));
        }
        Map<RowChange, List<RowChange>> collected = collectedBySnapshotRows(units);
        for (Unit<RecordChangeEvent<SourceRecord>> unit : units) {
            for (RowChange change : unit.changes()) {
                map(routing, change, collected.getOrDefault(change, unit.changes()), sends);
            }
            changes += unit.changes().size();
            done.addAll(unit.records()); // marked once the events of the batch are acknowledged
        }
        // a record whose position precedes the one reached (read again after a restart) is published, not recorded
        List<RecordChangeEvent<SourceRecord>> recorded = positions.recordable(done, RecordChangeEvent::record);
        if (!recorded.isEmpty()) {
            // exactly-once: the position after the batch commits in the batch's transaction, with its events
            Future<RecordMetadata> position = positions.write(publisher, recorded.stream().map(RecordChangeEvent::record).toList());
            if (position != null) {
                sends.add(position);
            }
        }
        commit(sends);
        for (RecordChangeEvent<SourceRecord> record : recorded) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
        status.processed(changes, sends.size());
    }

    /** @return the units of the stream this record completes */
    private List<Unit<RecordChangeEvent<SourceRecord>>> assemble(RecordChangeEvent<SourceRecord> record) {
        String ended = converter.transactionEnd(record.record());
        if (ended != null) {
            return transactions.end(record, ended);
        }
        RowChange change = converter.toRowChange(record.record());
        if (change != null) {
            return transactions.change(record, change);
        }
        converter.ignored(record.record()).ifPresent(reason -> ignored.ignored(reason, "a " + reason.tag() + " record on "
                + record.record().topic()));
        return transactions.other(record);
    }

    /**
     * The rows the batch's snapshot rows collect, read for all of them at once: a snapshot row comes alone, not with its
     * children in a transaction. A failed read fails the batch: nothing is marked, and the batch is read again.
     */
    private Map<RowChange, List<RowChange>> collectedBySnapshotRows(List<Unit<RecordChangeEvent<SourceRecord>>> units) {
        List<RowChange> snapshotRows = units.stream().flatMap(u -> u.changes().stream()).filter(c -> c.operation() == Operation.SNAPSHOT)
                .toList();
        if (snapshotRows.isEmpty()) {
            return Map.of();
        }
        List<List<RowChange>> assembled;
        try {
            assembled = snapshots.assemble(snapshotRows);
        } catch (java.sql.SQLException e) {
            throw new PublishFailedException("Cannot read the child rows of snapshot rows of "
                    + snapshotRows.stream().map(RowChange::table).distinct().toList() + ": " + e.getMessage()
                    + "; the batch's source positions are not recorded and the batch will be read again", e);
        }
        Map<RowChange, List<RowChange>> collected = new IdentityHashMap<>();
        for (int i = 0; i < snapshotRows.size(); i++) {
            collected.put(snapshotRows.get(i), assembled.get(i));
        }
        return collected;
    }

    private void map(ChangeRouting routing, RowChange change, List<RowChange> transaction, List<Future<RecordMetadata>> sends) {
        metrics.changeRead(change);
        try {
            // a mapped column dropped, renamed or retyped while streaming: never map what the mapping was not checked against
            routing.schema().mismatch(change).ifPresent(mismatch -> {
                status.schemaChanged(change.table(), mismatch.sentence());
                throw new UnmappableChangeException(change.table(), mismatch.key(), change.position(), mismatch.reason());
            });
            List<DomainEvent> events = routing.events(change, transaction);
            if (events.isEmpty() && routing.isOutbox(change.table())) {
                ignoredOutboxRow(change);
            }
            for (DomainEvent event : events) {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("Publishing %s %s (%s %s) from %s at position %s", event.type(), event.id(), event.aggregateType(),
                            event.aggregateId(), change.table(), position(change));
                }
                sends.add(publisher.publish(event));
            }
        } catch (UnmappableChangeException e) {
            switch (routing.badDataPolicy(change.table())) {
                case DEAD_LETTER -> {
                    LOG.warnf("Dead-lettering change of %s at position %s: %s", change.table(), position(change), e.getMessage());
                    sends.add(publisher.deadLetter(change, e.key(), e.getMessage(), routing.sensitiveColumns(change.table())));
                    status.recordDeadLetter();
                    metrics.deadLettered(change);
                }
                case SKIP_WITH_WARNING -> {
                    LOG.warnf("Skipping change of %s (key %s) at position %s, bad-data policy skip-with-warning: %s", change.table(),
                            e.key(),
                            position(change), e.getMessage());
                    ignored.ignored(IgnoredRecords.Reason.BAD_DATA, "a change of " + change.table() + " that cannot become an event");
                }
                case FAIL -> throw new BadDataException(change, e);
            }
        }
    }

    private void ignoredOutboxRow(RowChange change) {
        switch (change.operation()) {
            case UPDATE -> ignored.ignored(IgnoredRecords.Reason.OUTBOX_UPDATE, "an update of an outbox row of " + change.table());
            case DELETE -> ignored.ignored(IgnoredRecords.Reason.OUTBOX_DELETE, "a delete of an outbox row of " + change.table());
            default -> {
                // inserts and snapshot rows always become an event or fail
            }
        }
    }

    private static String position(RowChange change) {
        return change.position() == null ? "?" : change.position().lsn();
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
                    throw new EventPublisher.FencedException("Another relay instance took over publishing: " + e.getCause().getMessage(),
                            e.getCause());
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
