package io.sluice.relay.position;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.concurrent.Future;

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

    /** At-least-once: positions are stored apart, by the engine's offset store; nothing goes into the transaction. */
    public static final PositionWriter NONE = new PositionWriter(null, null);

    private final String topic;
    private final ConnectOffsetFormat format;

    public PositionWriter(String topic, ConnectOffsetFormat format) {
        this.topic = topic;
        this.format = format;
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
