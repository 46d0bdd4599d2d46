package io.sluice.consumer;

import java.time.Instant;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Remembers which events were processed. Claiming an event id inserts it in the caller's
 * transaction; a second claim of the same id finds the row and returns false, without a
 * check-then-insert race ({@code ON CONFLICT DO NOTHING}).
 *
 * <p>Configuration: {@code sluice.consumer.inbox-table}, schema-qualified, with columns
 * {@code event_id} (primary key), {@code event_type} and {@code processed_at}; the service's own
 * Flyway migration creates it.
 */
@ApplicationScoped
public class Inbox {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");

    private final EntityManager entityManager;
    private final String insert;

    @Inject
    public Inbox(EntityManager entityManager, @ConfigProperty(name = "sluice.consumer.inbox-table") String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("sluice.consumer.inbox-table=" + table
                    + " must be a schema-qualified table name, e.g. order_history.inbox");
        }
        this.entityManager = entityManager;
        this.insert = "INSERT INTO " + table + " (event_id, event_type, processed_at) VALUES (?1, ?2, ?3) "
                + "ON CONFLICT (event_id) DO NOTHING";
    }

    /** @return true if this event id was not processed before; the claim commits with the effect */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String eventId, String eventType) {
        return entityManager.createNativeQuery(insert)
                .setParameter(1, eventId)
                .setParameter(2, eventType)
                .setParameter(3, Instant.now())
                .executeUpdate() == 1;
    }
}
