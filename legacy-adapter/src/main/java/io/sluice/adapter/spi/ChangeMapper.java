package io.sluice.adapter.spi;

import java.util.List;
import java.util.Set;

import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.event.EventIds;

/**
 * For what mapping files cannot express: Java code that turns changes of some legacy tables into events.
 * It runs beside the declared mappings of the same tables. In the relay, make it an
 * {@code @ApplicationScoped} bean; the relay captures its {@link #tables()} too.
 *
 * <p>Build events with {@link EventIds#of} so that their ids stay deterministic, and throw
 * {@link io.sluice.adapter.UnmappableChangeException} for a change that cannot become an event (it goes
 * to the dead-letter topic). Implementations must be pure and thread-safe: no I/O.
 */
public interface ChangeMapper {

    /** The legacy tables whose changes this mapper reads. */
    Set<TableId> tables();

    /**
     * @param change      a change of one of {@link #tables()}
     * @param transaction every change of the same source transaction, in commit order (the change included)
     * @return the events; empty for none
     */
    List<DomainEvent> map(RowChange change, List<RowChange> transaction);
}
