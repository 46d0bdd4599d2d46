package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.RelayStatus.State;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.source.SourceFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A lost replication slot ({@link SlotLostException}), from the loss to its recovery. The supervisor waits here in state
 * {@code SLOT_LOST} (readiness red with the loss's sentence), keeping the leadership so that standbys stay standbys and the
 * operator knows where to send the fix; the admin operation recreates the slot ({@link #recreate()}) and lets the
 * supervisor go on ({@link #resume()}). The stored position is left as it is: it now lies before the new slot's start,
 * which the recreation acknowledges, so the next run resumes from the new slot ({@link SlotGuard}).
 */
@ApplicationScoped
public class SlotRecovery {

    private static final Logger LOG = Logger.getLogger(SlotRecovery.class);

    /**
     * @param slot         the replication slot
     * @param lostPosition the stored position after which changes were not streamed
     * @param resumesAt    where the recreated slot starts: changes from here on are streamed
     */
    public record Recreated(String slot, String lostPosition, String resumesAt) {
    }

    @Inject
    RelayConfig config;
    @Inject
    RelayStatus status;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private final Semaphore recreated = new Semaphore(0);
    private volatile SlotLostException lost;
    /** Stored positions before this one are acknowledged as lost by an operator; -1: none. */
    private volatile long acknowledgedBefore = -1;

    /**
     * Called by the supervisor, as the slot's leader: reports the loss and waits, renewing the leader's lease, until an
     * operator recreated the slot or the relay stops. A lease that cannot be renewed gives the leadership up.
     */
    void awaitRecreation(SlotLostException loss, Leadership leadership, Duration renewal, BooleanSupplier stopping) {
        recreated.drainPermits();
        lost = loss;
        status.enter(State.SLOT_LOST, loss.getMessage());
        LOG.error(loss.getMessage());
        try {
            while (!stopping.getAsBoolean()) {
                try {
                    leadership.renew();
                } catch (SQLException e) {
                    LOG.warnf("Lost the leadership of replication slot %s while it waits to be recreated: %s", loss.slot(), e.getMessage());
                    leadership.release();
                    return;
                }
                if (recreated.tryAcquire(renewal.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lost = null;
        }
    }

    /**
     * Recreates the lost slot (drops it if the source invalidated it, creates it if missing) and acknowledges that the changes
     * after the stored position are lost; the caller requests the snapshot that brings consumers up to date, then
     * {@link #resume()}s the relay.
     *
     * @throws OperationRefusedException 409 when this instance stands by or its slot is not lost; 503 when the source refuses
     */
    public synchronized Recreated recreate() {
        status.requireLeader("recreate the replication slot");
        SlotLostException loss = lost;
        String slot = config.source().slotName();
        if (loss == null || status.state() != State.SLOT_LOST) {
            throw new OperationRefusedException(409, "Replication slot " + slot + " is not lost (this instance is " + status.state()
                    + "): there is nothing to recreate. This operation answers readiness's \"Replication slot " + slot
                    + " does not exist / was invalidated / starts after the stored position\"");
        }
        SourceFamily family = SourceFamily.of(jdbcUrl);
        long start;
        try (Connection connection = dataSource.getConnection()) {
            start = family.recreateSlot(connection, slot);
        } catch (SQLException e) {
            throw new OperationRefusedException(503, "Cannot recreate replication slot " + slot + " on the source: " + e.getMessage()
                    + " (the relay's role needs the REPLICATION attribute)", e);
        }
        acknowledgedBefore = start;
        LOG.warnf("Replication slot %s recreated by an operator: it starts at %s; the changes after the stored position %s were"
                + " not streamed", slot, family.describePosition(start), loss.position());
        return new Recreated(slot, loss.position(), family.describePosition(start));
    }

    /** Lets the waiting supervisor start the engine again. */
    public void resume() {
        recreated.release();
    }

    /** Whether an operator recreated the slot after this stored position, acknowledging that what followed it was lost. */
    boolean acknowledges(long storedPosition) {
        long before = acknowledgedBefore;
        return before != -1 && Long.compareUnsigned(storedPosition, before) < 0;
    }
}
