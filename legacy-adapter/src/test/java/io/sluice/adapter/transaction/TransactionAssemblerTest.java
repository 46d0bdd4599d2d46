package io.sluice.adapter.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.transaction.TransactionAssembler.Unit;

/** The grouping of a change stream into source transactions; records are named by strings here. */
class TransactionAssemblerTest {

    private static final TableId ORDERS = new TableId("OMS", "ORDHDR");
    private static final TableId LINES = new TableId("OMS", "ORDLIN");

    private final TransactionAssembler<String> assembler = new TransactionAssembler<>();

    @Test
    void aTransactionIsOneUnitAtItsEndMarker() {
        List<Unit<String>> units = new ArrayList<>();
        units.addAll(assembler.change("header", insert(ORDERS, "7", "1")));
        units.addAll(assembler.change("line", insert(LINES, "7", "2")));
        assertThat(units).isEmpty();

        units.addAll(assembler.end("end", "7"));

        assertThat(units).hasSize(1);
        assertThat(units.get(0).changes()).extracting(RowChange::table).containsExactly(ORDERS, LINES);
        assertThat(units.get(0).records()).containsExactly("header", "line", "end");
    }

    @Test
    void aTransactionTheBatchEndsInIsHeldOverToTheNextBatch() {
        // batch 1 ends after the header
        assertThat(assembler.change("header", insert(ORDERS, "7", "1"))).isEmpty();
        assertThat(assembler.hasOpenTransaction()).isTrue();

        // batch 2 brings the line and the END marker
        assertThat(assembler.change("line", insert(LINES, "7", "2"))).isEmpty();
        List<Unit<String>> units = assembler.end("end", "7");

        assertThat(units).singleElement().satisfies(unit -> {
            assertThat(unit.changes()).hasSize(2);
            assertThat(unit.records()).containsExactly("header", "line", "end");
        });
        assertThat(assembler.hasOpenTransaction()).isFalse();
    }

    @Test
    void aTransactionWithoutEndMarkerEndsWhereTheNextOneBegins() {
        assembler.change("a1", insert(ORDERS, "7", "1"));
        assembler.change("a2", insert(LINES, "7", "2"));

        List<Unit<String>> units = assembler.change("b1", insert(ORDERS, "8", "3"));

        assertThat(units).singleElement().satisfies(unit -> assertThat(unit.records()).containsExactly("a1", "a2"));
        assertThat(assembler.end("b-end", "8")).singleElement()
                .satisfies(unit -> assertThat(unit.records()).containsExactly("b1", "b-end"));
    }

    @Test
    void snapshotRowsBetweenTransactionsAreUnitsOfTheirOwnAndCloseTheOpenTransaction() {
        assembler.change("a1", insert(ORDERS, "7", "1"));

        List<Unit<String>> units = new ArrayList<>(assembler.change("s1", snapshot(ORDERS)));
        units.addAll(assembler.change("s2", snapshot(LINES)));

        assertThat(units).extracting(Unit::records).containsExactly(List.of("a1"), List.of("s1"), List.of("s2"));
        assertThat(units.get(1).changes()).extracting(RowChange::operation).containsExactly(Operation.SNAPSHOT);
        assertThat(assembler.hasOpenTransaction()).isFalse();
    }

    @Test
    void otherRecordsInsideATransactionAreHeldWithIt() {
        assembler.change("a1", insert(ORDERS, "7", "1"));

        assertThat(assembler.other("heartbeat")).isEmpty();

        assertThat(assembler.end("end", "7")).singleElement()
                .satisfies(unit -> assertThat(unit.records()).containsExactly("a1", "heartbeat", "end"));
    }

    @Test
    void otherRecordsOutsideATransactionAreUnitsWithoutChanges() {
        assertThat(assembler.other("heartbeat")).singleElement().satisfies(unit -> {
            assertThat(unit.changes()).isEmpty();
            assertThat(unit.records()).containsExactly("heartbeat");
        });
    }

    @Test
    void anEndMarkerOfAnotherTransactionDoesNotCloseTheOpenOne() {
        assembler.change("a1", insert(ORDERS, "7", "1"));

        assertThat(assembler.end("stale-end", "6")).isEmpty();

        assertThat(assembler.end("end", "7")).singleElement()
                .satisfies(unit -> assertThat(unit.records()).containsExactly("a1", "stale-end", "end"));
    }

    @Test
    void anEndMarkerWithNoOpenTransactionIsAUnitWithoutChanges() {
        assertThat(assembler.end("end", "7")).singleElement()
                .satisfies(unit -> assertThat(unit.changes()).isEmpty());
    }

    private static RowChange insert(TableId table, String transaction, String lsn) {
        return new RowChange("oms", table, Operation.INSERT, null, Map.of("ID", 1), new SourcePosition(lsn, transaction),
                Instant.EPOCH);
    }

    private static RowChange snapshot(TableId table) {
        return new RowChange("oms", table, Operation.SNAPSHOT, null, Map.of("ID", 1), new SourcePosition("0", null), Instant.EPOCH);
    }
}
