package io.sluice.outbox;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The transactional outbox for modern services: {@link #publish} writes an event row into the
 * service's outbox table in the caller's transaction, so the event exists if and only if the state
 * change commits. Sluice's relay reads the row from the change log and publishes it (topic
 * {@code <aggregateType>.events}, key {@code aggregateId}, {@code ce_type} = {@code type},
 * {@code ce_id} = the returned id).
 *
 * <pre>{@code
 * @Transactional
 * void dispatch(Shipment shipment) {
 *     shipment.status = DISPATCHED;
 *     outbox.publish("shipments", shipment.id, "ShipmentDispatched", new ShipmentDispatched(shipment.id, shipment.orderId));
 * }
 * }</pre>
 *
 * Configuration: {@code sluice.outbox-writer.table} (schema-qualified, Debezium's outbox columns;
 * default {@code sluice.outbox_event}) and {@code sluice.outbox-writer.delete-after-insert} (delete
 * each row in the same transaction: the table stays empty, the insert is still in the log).
 */
@ApplicationScoped
public class OutboxWriter {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final String insert;
    private final String delete;

    @Inject
    public OutboxWriter(EntityManager entityManager, ObjectMapper json,
            @ConfigProperty(name = "sluice.outbox-writer.table", defaultValue = "sluice.outbox_event") String table,
            @ConfigProperty(name = "sluice.outbox-writer.delete-after-insert", defaultValue = "false") boolean deleteAfterInsert) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("sluice.outbox-writer.table=" + table + " must be a schema-qualified table name, e.g. shipping.outbox_event");
        }
        this.entityManager = entityManager;
        this.json = json;
        this.insert = "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload, timestamp) "
                + "VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), now())";
        this.delete = deleteAfterInsert ? "DELETE FROM " + table + " WHERE id = ?1" : null;
    }

    /**
     * Writes one event in the current transaction (there must be one).
     *
     * @param aggregateType selects the topic, e.g. {@code shipments}
     * @param aggregateId   the record key: events of one aggregate stay in order
     * @param type          the event type on the wire, past tense, e.g. {@code ShipmentDispatched}
     * @param payload       the event data, serialised with the application's Jackson {@code ObjectMapper}
     * @return the event id ({@code ce_id})
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String aggregateType, String aggregateId, String type, Object payload) {
        requireText(aggregateType, "aggregateType");
        requireText(aggregateId, "aggregateId");
        requireText(type, "type");
        String data;
        try {
            data = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Payload of " + type + " for " + aggregateType + " " + aggregateId
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        UUID id = UUID.randomUUID();
        entityManager.createNativeQuery(insert)
                .setParameter(1, id)
                .setParameter(2, aggregateType)
                .setParameter(3, aggregateId)
                .setParameter(4, type)
                .setParameter(5, data)
                .executeUpdate();
        if (delete != null) {
            entityManager.createNativeQuery(delete).setParameter(1, id).executeUpdate();
        }
        return id;
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
