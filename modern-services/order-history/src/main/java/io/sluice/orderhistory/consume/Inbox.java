package io.sluice.orderhistory.consume;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Remembers which events were processed. Claiming an event id inserts it in the caller's
 * transaction; a second claim of the same id finds the row and returns false, without a
 * check-then-insert race ({@code ON CONFLICT DO NOTHING}).
 */
@ApplicationScoped
public class Inbox {

    @Inject
    EntityManager entityManager;

    /** @return true if this event id was not processed before; the claim commits with the effect */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String eventId, String eventType) {
        int inserted = entityManager.createNativeQuery(
                "INSERT INTO order_history.inbox (event_id, event_type, processed_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (event_id) DO NOTHING")
                .setParameter(1, eventId)
                .setParameter(2, eventType)
                .setParameter(3, Instant.now())
                .executeUpdate();
        return inserted == 1;
    }
}
