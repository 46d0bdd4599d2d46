package io.sluice.relay.snapshot;

import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.ChangeRecordConverter;
import io.sluice.relay.capture.DebeziumNotification;

/**
 * Decorates the capture engine's consumer without changing it: the records it marks processed — after Kafka
 * acknowledged their events — are reported to {@link SnapshotProgress} (incremental snapshot rows, notifications).
 */
final class SnapshotProgressConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private final DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer;
    private final ChangeRecordConverter converter;
    private final SnapshotProgress progress;

    SnapshotProgressConsumer(DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer, ChangeRecordConverter converter,
            SnapshotProgress progress) {
        this.consumer = consumer;
        this.converter = converter;
        this.progress = progress;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        consumer.handleBatch(records, new ObservingCommitter(committer));
    }

    @Override
    public boolean supportsTombstoneEvents() {
        return consumer.supportsTombstoneEvents();
    }

    private void observe(RecordChangeEvent<SourceRecord> record) {
        SourceRecord source = record.record();
        TableId table = converter.incrementalSnapshotTable(source);
        if (table != null) {
            progress.rowsPublished(table, 1);
            return;
        }
        DebeziumNotification notification = converter.notification(source);
        if (notification != null) {
            progress.notified(notification);
        }
    }

    private final class ObservingCommitter implements DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> {

        private final DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer;

        ObservingCommitter(DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) {
            this.committer = committer;
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record) throws InterruptedException {
            committer.markProcessed(record);
            observe(record);
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets offsets) throws InterruptedException {
            committer.markProcessed(record, offsets);
            observe(record);
        }

        @Override
        public void markBatchFinished() throws InterruptedException {
            committer.markBatchFinished();
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            return committer.buildOffsets();
        }
    }
}
