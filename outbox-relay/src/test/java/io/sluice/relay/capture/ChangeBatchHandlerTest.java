package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.mapping.BadDataPolicy;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.adapter.outbox.OutboxTable;
import io.sluice.relay.metrics.RelayMetrics;
import io.sluice.relay.position.ConnectOffsetFormat;
import io.sluice.relay.position.PositionFloor;
import io.sluice.relay.position.PositionWriter;
import io.sluice.relay.publish.EventSink;
import io.sluice.relay.source.SourceFamily;

/** The commit protocol without a broker: what is published, and what is marked processed when. */
class ChangeBatchHandlerTest {

    private static final TableId OUTBOX = new TableId("sluice", "outbox_event");
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).field("aggregatetype", Schema.STRING_SCHEMA)
            .field("aggregateid", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA).field("payload", Schema.STRING_SCHEMA)
            .optional().build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW).field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA).build();
    private static final Schema MARKER = SchemaBuilder.struct().field("status", Schema.STRING_SCHEMA).field("id", Schema.STRING_SCHEMA)
            .field("event_count", Schema.OPTIONAL_INT64_SCHEMA).build();

    private final FakeSink sink = new FakeSink();
    private final FakeCommitter committer = new FakeCommitter();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChangeBatchHandler handler = handler(BadDataPolicy.DEAD_LETTER);

    @Test
    void aBatchIsMarkedProcessedAfterItsEventsAreAcknowledged() throws Exception {
        var first = outboxInsert("e-1", 7, 100);
        var second = outboxInsert("e-2", 7, 101);
        var end = end(7, 102);

        handler.handleBatch(List.of(first, second, end), committer);

        assertThat(sink.published).extracting(DomainEvent::id).containsExactly("e-1", "e-2");
        assertThat(sink.commits).isEqualTo(1);
        assertThat(committer.marked).containsExactly(first, second, end);
        assertThat(committer.batchesFinished).isEqualTo(1);
    }

    @Test
    void exactlyOnceTheBatchCommitsThePositionAfterItsLastCompleteTransaction() throws Exception {
        ConnectOffsetFormat format = new ConnectOffsetFormat("sluice-oms/oms/sluice");
        RelayMetrics metrics = new RelayMetrics(registry);
        ChangeBatchHandler exactlyOnce = new ChangeBatchHandler(
                new ChangeRecordConverter("oms", DebeziumSettings.UNAVAILABLE_VALUE_PLACEHOLDER),
                routing(BadDataPolicy.DEAD_LETTER), sink, new RelayStatus(), metrics, new IgnoredRecords(metrics),
                ChangeBatchHandler.SnapshotAssembly.NONE, new PositionWriter("sluice.positions", format));
        var held = outboxInsert("e-2", 8, 102); // its transaction goes on in the next batch

        exactlyOnce.handleBatch(List.of(outboxInsert("e-1", 7, 100), end(7, 101), held), committer);

        assertThat(sink.sentInTransactionAtCommit).as("records in the transaction when it committed").singleElement()
                .satisfies(position -> {
                    assertThat(position.topic()).isEqualTo("sluice.positions");
                    assertThat(position.key()).isEqualTo(new String(format.key(Map.of()), java.nio.charset.StandardCharsets.UTF_8));
                    assertThat(format.offset(position.value())).isEqualTo(Map.of("lsn", 101L));
                });
        assertThat(committer.marked).doesNotContain(held).hasSize(2);
    }

    @Test
    void aPositionBehindTheOneTheRunResumedFromIsNeitherCommittedNorMarked() throws Exception {
        // MariaDB: resumed from (pos 376083, 3 events of its transaction handled), Debezium reads those 3 events again and
        // may emit a heartbeat meanwhile, at (pos 376083, no event handled): committing it would replay the transaction
        ConnectOffsetFormat format = new ConnectOffsetFormat("sluice-oms/oms/sluice");
        Map<String, Object> resumedFrom = binlog(376083, 3);
        ChangeBatchHandler exactlyOnce = exactlyOnce(new PositionWriter("sluice.positions", format,
                new PositionFloor(SourceFamily.of("jdbc:mariadb://db/oms"), resumedFrom)));
        var rereading = heartbeat(binlog(376083, 0));

        exactlyOnce.handleBatch(List.of(rereading), committer);

        assertThat(sink.sentInTransactionAtCommit).as("positions committed for the rereading heartbeat").isEmpty();
        assertThat(committer.marked).as("records marked processed").isEmpty();

        var next = withOffset(outboxInsert("e-1", 7, 100), binlog(377320, 2));
        var end = withOffset(end(7, 101), binlog(378552, 0));
        exactlyOnce.handleBatch(List.of(next, end), committer);

        assertThat(sink.sentInTransactionAtCommit).singleElement()
                .satisfies(position -> assertThat(format.offset(position.value())).isEqualTo(binlog(378552, 0)));
        assertThat(committer.marked).containsExactly(next, end);
    }

    @Test
    void atLeastOnceAPositionBehindTheResumedOneIsNotMarkedEither() throws Exception {
        ChangeBatchHandler atLeastOnce = exactlyOnce(
                PositionWriter.atLeastOnce(new PositionFloor(SourceFamily.of("jdbc:mariadb://db/oms"), binlog(376083, 3))));
        var rereading = heartbeat(binlog(376083, 0));
        var later = heartbeat(binlog(377320, 0));

        atLeastOnce.handleBatch(List.of(rereading, later), committer);

        assertThat(committer.marked).containsExactly(later);
        assertThat(sink.sentInTransactionAtCommit).isEmpty();
    }

    @Test
    void aFailedAcknowledgementMarksNothing() {
        sink.failAfter = 1; // Kafka acknowledges the first event only
        var batch = List.of(outboxInsert("e-1", 7, 100), end(7, 101), outboxInsert("e-2", 8, 102), end(8, 103));

        assertThatThrownBy(() -> handler.handleBatch(batch, committer)).isInstanceOf(ChangeBatchHandler.PublishFailedException.class)
                .hasMessageContaining("not recorded");

        assertThat(committer.marked).isEmpty();
        assertThat(committer.batchesFinished).isZero();
    }

    @Test
    void aTransactionTheBatchEndsInIsPublishedAndMarkedWithTheNextBatch() throws Exception {
        var first = outboxInsert("e-1", 7, 100);
        handler.handleBatch(List.of(first), committer);

        assertThat(sink.published).isEmpty();
        assertThat(committer.marked).isEmpty();
        assertThat(committer.batchesFinished).isEqualTo(1);

        var second = outboxInsert("e-2", 7, 101);
        var end = end(7, 102);
        handler.handleBatch(List.of(second, end), committer);

        assertThat(sink.published).extracting(DomainEvent::id).containsExactly("e-1", "e-2");
        assertThat(committer.marked).containsExactly(first, second, end);
    }

    @Test
    void anOutboxRowThatCannotBecomeAnEventIsDeadLetteredByDefault() throws Exception {
        var bad = outboxRow("c", "e-1", "not json", 7, 100);
        var end = end(7, 101);

        handler.handleBatch(List.of(bad, end), committer);

        assertThat(sink.deadLetters).singleElement().satisfies(reason -> assertThat(reason).contains("payload is not JSON"));
        assertThat(committer.marked).containsExactly(bad, end);
    }

    @Test
    void underSkipWithWarningABadRowIsCountedAndPassedOver() throws Exception {
        ChangeBatchHandler skipping = handler(BadDataPolicy.SKIP_WITH_WARNING);
        var bad = outboxRow("c", "e-1", "not json", 7, 100);
        var end = end(7, 101);

        skipping.handleBatch(List.of(bad, end), committer);

        assertThat(sink.deadLetters).isEmpty();
        assertThat(sink.published).isEmpty();
        assertThat(ignored("bad-data")).isEqualTo(1.0);
        assertThat(committer.marked).containsExactly(bad, end);
    }

    @Test
    void underFailABadRowStopsTheBatchAndMarksNothing() {
        ChangeBatchHandler failing = handler(BadDataPolicy.FAIL);
        var batch = List.of(outboxInsert("e-1", 6, 99), end(6, 99), outboxRow("c", "e-2", "not json", 7, 100), end(7, 101));

        assertThatThrownBy(() -> failing.handleBatch(batch, committer)).isInstanceOf(BadDataException.class)
                .hasMessageContaining("sluice.outbox_event").hasMessageContaining("payload is not JSON")
                .hasMessageContaining("bad-data policy is fail");

        assertThat(sink.deadLetters).isEmpty();
        assertThat(committer.marked).isEmpty();
    }

    @Test
    void updatesAndDeletesOfOutboxRowsAreCountedAsIgnored() throws Exception {
        handler.handleBatch(List.of(outboxRow("u", "e-1", "{}", 7, 100), outboxRow("d", "e-1", "{}", 7, 101), end(7, 102)), committer);

        assertThat(sink.published).isEmpty();
        assertThat(ignored("outbox-update")).isEqualTo(1.0);
        assertThat(ignored("outbox-delete")).isEqualTo(1.0);
        assertThat(committer.marked).hasSize(3);
    }

    @Test
    void truncatesAndTombstonesAreCountedAsIgnored() throws Exception {
        Struct source = new Struct(SOURCE).put("schema", OUTBOX.schema()).put("table", OUTBOX.table()).put("lsn", 100L).put("txId", 7L)
                .put("ts_ms", 1_764_547_200_000L);
        var truncate = event(new SourceRecord(Map.of(), Map.of("lsn", 100L), "oms.sluice.outbox_event", null, null, null, ENVELOPE,
                new Struct(ENVELOPE).put("source", source).put("op", "t")));
        var tombstone = event(new SourceRecord(Map.of(), Map.of("lsn", 101L), "oms.sluice.outbox_event", null, null, null, null, null));

        handler.handleBatch(List.of(truncate, tombstone), committer);

        assertThat(ignored("truncate")).isEqualTo(1.0);
        assertThat(ignored("tombstone")).isEqualTo(1.0);
        assertThat(committer.marked).containsExactly(truncate, tombstone);
    }

    private ChangeBatchHandler exactlyOnce(PositionWriter positions) {
        RelayMetrics metrics = new RelayMetrics(registry);
        return new ChangeBatchHandler(new ChangeRecordConverter("oms", DebeziumSettings.UNAVAILABLE_VALUE_PLACEHOLDER),
                routing(BadDataPolicy.DEAD_LETTER), sink, new RelayStatus(), metrics, new IgnoredRecords(metrics),
                ChangeBatchHandler.SnapshotAssembly.NONE, positions);
    }

    /** Debezium's binlog offset: where the transaction began, and how many of its events are handled (absent when none). */
    private static Map<String, Object> binlog(long pos, long events) {
        Map<String, Object> offset = new java.util.HashMap<>(Map.of("file", "mariadb-bin.000001", "pos", pos, "server_id", 1L));
        if (events > 0) {
            offset.put("event", events);
        }
        return offset;
    }

    private static RecordChangeEvent<SourceRecord> heartbeat(Map<String, Object> offset) {
        Schema value = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat").field("ts_ms", Schema.INT64_SCHEMA).build();
        return event(new SourceRecord(Map.of("server", "oms"), offset, "__debezium-heartbeat.oms", null, null, null, value,
                new Struct(value).put("ts_ms", 1_764_547_200_000L)));
    }

    private static RecordChangeEvent<SourceRecord> withOffset(RecordChangeEvent<SourceRecord> event, Map<String, Object> offset) {
        SourceRecord r = event.record();
        return event(new SourceRecord(r.sourcePartition(), offset, r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(),
                r.value()));
    }

    private ChangeBatchHandler handler(BadDataPolicy policy) {
        RelayMetrics metrics = new RelayMetrics(registry);
        return new ChangeBatchHandler(new ChangeRecordConverter("oms", DebeziumSettings.UNAVAILABLE_VALUE_PLACEHOLDER), routing(policy),
                sink, new RelayStatus(), metrics, new IgnoredRecords(metrics));
    }

    private double ignored(String reason) {
        var counter = registry.find("sluice.changes.ignored").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static ChangeRouting routing(BadDataPolicy policy) {
        MappingCatalog none = MappingCatalog.load(List.of());
        OutboxTable outbox = new OutboxTable(OUTBOX, "id", "aggregatetype", "aggregateid", "type", "payload", "timestamp",
                "tracingspancontext", Map.of(), Map.of(), 1_048_576);
        return new ChangeRouting(none, new LegacyAdapter(none), new OutboxRouter(List.of(outbox)), policy);
    }

    private static RecordChangeEvent<SourceRecord> outboxInsert(String id, long transaction, long lsn) {
        return outboxRow("c", id, "{\"total\":1}", transaction, lsn);
    }

    private static RecordChangeEvent<SourceRecord> outboxRow(String op, String id, String payload, long transaction, long lsn) {
        Struct source = new Struct(SOURCE).put("schema", OUTBOX.schema()).put("table", OUTBOX.table()).put("lsn", lsn)
                .put("txId", transaction).put("ts_ms", 1_764_547_200_000L);
        Struct row = new Struct(ROW).put("id", id).put("aggregatetype", "order").put("aggregateid", "o-1").put("type", "OrderPlaced")
                .put("payload", payload);
        Struct envelope = new Struct(ENVELOPE).put("source", source).put("op", op);
        envelope.put(op.equals("d") ? "before" : "after", row);
        return event(new SourceRecord(Map.of(), Map.of("lsn", lsn), "oms.sluice.outbox_event", null, null, null, ENVELOPE, envelope));
    }

    private static RecordChangeEvent<SourceRecord> end(long transaction, long lsn) {
        return event(new SourceRecord(Map.of(), Map.of("lsn", lsn), "oms.transaction", null, null, null, MARKER,
                new Struct(MARKER).put("status", "END").put("id", transaction + ":" + lsn).put("event_count", 1L)));
    }

    private static RecordChangeEvent<SourceRecord> event(SourceRecord record) {
        return () -> record;
    }

    /** Acknowledges the first {@code failAfter} events, then refuses the others as Kafka would on a timeout. */
    private static final class FakeSink implements EventSink {
        final List<DomainEvent> published = new ArrayList<>();
        final List<String> deadLetters = new ArrayList<>();
        final List<ProducerRecord<String, byte[]>> sentInTransaction = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> sentInTransactionAtCommit = List.of();
        int failAfter = Integer.MAX_VALUE;
        int commits;

        @Override
        public Future<RecordMetadata> sendInTransaction(ProducerRecord<String, byte[]> record) {
            sentInTransaction.add(record);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Future<RecordMetadata> publish(DomainEvent event) {
            published.add(event);
            return published.size() <= failAfter
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s) for order.events-0"));
        }

        @Override
        public Future<RecordMetadata> deadLetter(RowChange change, String key, String reason, Set<String> sensitiveColumns) {
            deadLetters.add(reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void commit() {
            sentInTransactionAtCommit = List.copyOf(sentInTransaction);
            commits++;
        }
    }

    private static final class FakeCommitter implements DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> {
        final List<RecordChangeEvent<SourceRecord>> marked = new ArrayList<>();
        int batchesFinished;

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record) {
            marked.add(record);
        }

        @Override
        public void markBatchFinished() {
            batchesFinished++;
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets offsets) {
            marked.add(record);
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            throw new UnsupportedOperationException();
        }
    }
}
