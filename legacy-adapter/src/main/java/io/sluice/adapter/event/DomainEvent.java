package io.sluice.adapter.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.sluice.adapter.change.SourcePosition;

/**
 * A domain event, ready to publish.
 *
 * @param id            deterministic: the same source change always yields the same id
 * @param type          the event type on the wire, e.g. {@code OrderPlaced}
 * @param version       version of the event type's schema
 * @param aggregateType e.g. {@code orders}; selects the topic
 * @param aggregateId   the aggregate's key as text; the Kafka record key
 * @param source        where it came from, e.g. {@code sluice/oms/OMS.ORDHDR}
 * @param time          the source transaction's commit time
 * @param data          the event's payload (JSON)
 * @param position      the source position of the change
 * @param headers       further headers to publish with the event (e.g. extra outbox columns)
 */
public record DomainEvent(String id, String type, int version, String aggregateType, String aggregateId,
        String source, Instant time, JsonNode data, SourcePosition position, Map<String, String> headers) {

    public DomainEvent {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
