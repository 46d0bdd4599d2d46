package io.sluice.adapter.transaction;

import java.util.ArrayList;
import java.util.List;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;

/**
 * Groups a change stream into source transactions, so that the changes of one transaction are mapped together (an order
 * header and its lines become one event) and their records are acknowledged together. Fed record by record, in stream
 * order; a transaction is complete at its END marker, or when a change of another transaction or a snapshot row arrives
 * (the END marker is missing). A transaction still open when a batch ends stays open, unacknowledged, for the next batch.
 * Snapshot rows have no transaction boundaries: each is a unit of its own.
 *
 * <p>Pure and single-threaded: the caller owns the records ({@code R}, e.g. Debezium's) and says what each one is.
 *
 * @param <R> the caller's record type, handed back so that the caller can acknowledge the records of a published unit
 */
public final class TransactionAssembler<R> {

    /**
     * What is ready to publish, in stream order.
     *
     * @param changes the row changes of one source transaction (or one snapshot row), mapped together; empty for records
     *                that are no row changes outside any transaction (heartbeats, markers)
     * @param records every record the unit covers, changes and markers alike: acknowledge them once its events are published
     */
    public record Unit<R>(List<RowChange> changes, List<R> records) {
        public Unit {
            changes = List.copyOf(changes);
            records = List.copyOf(records);
        }
    }

    private final List<R> openRecords = new ArrayList<>();
    private final List<RowChange> openChanges = new ArrayList<>();
    private String openTransaction;
    private boolean open;

    /**
     * A row change.
     *
     * @return the units it completes: the open transaction when this change belongs to another one or is a snapshot row,
     *         and the snapshot row itself
     */
    public List<Unit<R>> change(R record, RowChange change) {
        if (change.operation() == Operation.SNAPSHOT) {
            List<Unit<R>> units = new ArrayList<>(2);
            close(units);
            units.add(new Unit<>(List.of(change), List.of(record)));
            return units;
        }
        String transaction = change.position() == null ? null : change.position().transactionId();
        List<Unit<R>> units = new ArrayList<>(1);
        if (open && !sameTransaction(transaction)) {
            close(units); // a new transaction began without an END marker
        }
        open = true;
        openTransaction = transaction;
        openRecords.add(record);
        openChanges.add(change);
        return units;
    }

    /**
     * The END marker of a transaction.
     *
     * @return the open transaction when the marker ends it; nothing when the marker belongs to another transaction (it is
     *         held with the open one) or none is open (then the marker is a unit of its own)
     */
    public List<Unit<R>> end(R record, String transactionId) {
        if (!open) {
            return List.of(new Unit<>(List.of(), List.of(record)));
        }
        openRecords.add(record);
        List<Unit<R>> units = new ArrayList<>(1);
        if (sameTransaction(transactionId)) {
            close(units);
        }
        return units;
    }

    /**
     * A record that is neither a row change nor an END marker (a heartbeat, a BEGIN marker, a truncate): acknowledged with
     * the open transaction, or at once when none is open.
     */
    public List<Unit<R>> other(R record) {
        if (open) {
            openRecords.add(record);
            return List.of();
        }
        return List.of(new Unit<>(List.of(), List.of(record)));
    }

    /** @return whether a transaction is open, its records held over until it completes */
    public boolean hasOpenTransaction() {
        return open;
    }

    private boolean sameTransaction(String transactionId) {
        return openTransaction == null ? transactionId == null : openTransaction.equals(transactionId);
    }

    private void close(List<Unit<R>> units) {
        if (!open) {
            return;
        }
        units.add(new Unit<>(openChanges, openRecords));
        openRecords.clear();
        openChanges.clear();
        openTransaction = null;
        open = false;
    }
}
