package io.sluice.relay.position;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

import io.sluice.relay.publish.EventSink;

/**
 * Writes the source position after a batch into the batch's Kafka transaction ({@code sluice.delivery=exactly-once}):
 * the offset of the last record the batch completes, keyed as Kafka Connect keys it, to the positions topic. The
 * transaction then commits the batch's events, its dead letters and that position together, or none of them; a relay
 * that restarts or takes over resumes from the last committed position ({@link PositionsTopicStore}).
 */
public final class PositionWriter {

    private final String topic;
    private final ConnectOffsetFormat format;
    private final PositionFloor floor;

    /** Exactly-once, for a family whose positions the relay does not order (tests, PostgreSQL). */
    public PositionWriter(String topic, ConnectOffsetFormat format) {
        this(topic, format, PositionFloor.none());
    }

    /**
     * @param floor the position the run has reached, which no committed position precedes
     */
    public PositionWriter(String topic, ConnectOffsetFormat format, PositionFloor floor) {
        this.topic = topic;
        this.format = format;
        this.floor = floor;
    }

    /** At-least-once: positions are stored apart, by the engine's offset store; nothing goes into the transaction. */
    public static PositionWriter atLeastOnce(PositionFloor floor) {
        return new PositionWriter(null, null, floor);
    }

    /** At-least-once, for a family whose positions the relay does not order. */
    public static PositionWriter atLeastOnce() {
        return atLeastOnce(PositionFloor.none());
    }

    /**
     * @param completed records a batch completes, in stream order
     * @return those whose positions may be recorded: all but those whose position precedes the one already reached
     *         ({@link PositionFloor}); they are marked processed, and the last one's position is committed
     */
    public <R> List<R> recordable(List<R> completed, Function<R, SourceRecord> record) {
        List<R> recordable = new ArrayList<>(completed.size());
        for (R r : completed) {
            if (floor.advancedBy(record.apply(r).sourceOffset())) {
                recordable.add(r);
            }
        }
        return recordable;
    }

    /**
     * Sends the position after {@code completed} (records the batch is about to mark processed, in order) in the
     * publisher's open transaction.
     *
     * @return the send, to be awaited with the batch's events; null when there is nothing to write
     */
    public Future<RecordMetadata> write(EventSink publisher, List<SourceRecord> completed) {
        if (topic == null) {
            return null;
        }
        for (int i = completed.size() - 1; i >= 0; i--) {
            SourceRecord record = completed.get(i);
            if (record.sourcePartition() != null && record.sourceOffset() != null && !record.sourceOffset().isEmpty()) {
                // the key as text: Connect's JSON is UTF-8, so the producer's string serialiser writes the same bytes
                return publisher.sendInTransaction(new ProducerRecord<>(topic, new String(format.key(record.sourcePartition()), UTF_8),
                        format.value(record.sourceOffset())));
            }
        }
        return null;
    }
}
