package io.sluice.relay.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.DebeziumNotification;
import io.sluice.relay.metrics.RelayMetrics;

/** What Debezium's notifications and the published snapshot rows make of a snapshot's progress. */
class SnapshotProgressTest {

    private static final TableId CUSTOMERS = new TableId("OMS", "CUSTMST");
    private static final TableId ORDERS = new TableId("OMS", "ORDHDR");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SnapshotProgress progress = new SnapshotProgress();

    @BeforeEach
    void requested() {
        progress.metrics = new RelayMetrics(registry);
        progress.register("s1", List.of(new TableSnapshot(CUSTOMERS, 100L, false), new TableSnapshot(ORDERS, 2_000_000L, true)));
    }

    @Test
    void aRequestedSnapshotIsPendingUntilDebeziumBeginsItsFirstTable() {
        assertThat(view().state()).isEqualTo("pending");
        assertThat(progress.unfinished()).contains("s1");

        progress.notified(notice("s1", "IN_PROGRESS", Map.of("current_collection_in_progress", "OMS.CUSTMST")));

        assertThat(view().state()).isEqualTo("running");
        assertThat(table(0).state()).isEqualTo("running");
        assertThat(table(1).state()).isEqualTo("pending");
    }

    @Test
    void publishedRowsGiveRowsDonePercentRateAndEta() {
        progress.notified(notice("s1", "IN_PROGRESS", Map.of("current_collection_in_progress", "OMS.CUSTMST")));
        progress.rowsPublished(CUSTOMERS, 40);

        SnapshotView.TableView customers = table(0);
        assertThat(customers.rowsDone()).isEqualTo(40);
        assertThat(customers.rowsTotal()).isEqualTo(100);
        assertThat(customers.percent()).isEqualTo(40.0);
        assertThat(customers.rowsPerSecond()).isPositive();
        assertThat(customers.etaSeconds()).isNotNull().isNotNegative();
        assertThat(registry.get("sluice.snapshot.rows.done").tag("table", "OMS.CUSTMST").gauge().value()).isEqualTo(40.0);
        assertThat(registry.get("sluice.snapshot.rows.expected").tag("table", "OMS.CUSTMST").gauge().value()).isEqualTo(100.0);
        assertThat(registry.get("sluice.snapshot.running").tag("table", "OMS.CUSTMST").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void aScannedTableIsCompletedAndTheSnapshotWithIt() {
        progress.rowsPublished(CUSTOMERS, 100);
        progress.notified(notice("s1", "TABLE_SCAN_COMPLETED", Map.of("scanned_collection", "OMS.CUSTMST", "total_rows_scanned", "100",
                "status", "SUCCEEDED")));
        progress.notified(notice("s1", "TABLE_SCAN_COMPLETED", Map.of("scanned_collection", "OMS.ORDHDR", "total_rows_scanned", "0",
                "status", "EMPTY")));

        assertThat(table(0).state()).isEqualTo("completed");
        assertThat(table(0).rowsScanned()).isEqualTo(100);
        assertThat(table(0).percent()).isEqualTo(100.0);
        assertThat(table(0).etaSeconds()).isNull();
        assertThat(view().state()).isEqualTo("completed");
        assertThat(view().finishedAt()).isNotNull();
        assertThat(progress.unfinished()).isEmpty();
    }

    @Test
    void aTableDebeziumSkipsFailsTheSnapshotWithTheReason() {
        progress.notified(notice("s1", "TABLE_SCAN_COMPLETED", Map.of("scanned_collection", "OMS.CUSTMST", "status", "SUCCEEDED")));
        progress.notified(notice("s1", "TABLE_SCAN_COMPLETED", Map.of("scanned_collection", "OMS.ORDHDR", "status", "NO_PRIMARY_KEY")));

        assertThat(table(1).state()).isEqualTo("failed");
        assertThat(table(1).problem()).contains("no primary key");
        assertThat(view().state()).isEqualTo("failed");
    }

    @Test
    void aStopSignalFailsWhatIsLeft() {
        progress.notified(notice("s1", "TABLE_SCAN_COMPLETED", Map.of("scanned_collection", "OMS.CUSTMST", "status", "SUCCEEDED")));
        progress.notified(notice("s1", "ABORTED", Map.of()));

        assertThat(table(0).state()).isEqualTo("completed");
        assertThat(table(1).state()).isEqualTo("failed");
        assertThat(table(1).problem()).contains("stop-snapshot");
    }

    @Test
    void theEndOfTheSnapshotFailsTablesDebeziumNeverReportedOn() {
        progress.notified(notice("s1", "COMPLETED", Map.of()));

        assertThat(view().tables()).extracting(SnapshotView.TableView::state).containsOnly("failed");
    }

    @Test
    void aSnapshotRequestedBeforeARestartReappearsWhenDebeziumReportsOnIt() {
        progress.notified(notice("s1", "COMPLETED", Map.of()));
        progress.notified(
                notice("s0", "IN_PROGRESS", Map.of("data_collections", "OMS.ORDLIN", "current_collection_in_progress", "OMS.ORDLIN")));
        progress.rowsPublished(new TableId("OMS", "ORDLIN"), 7);

        SnapshotView resumed = progress.get("s0").orElseThrow();
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.tables()).singleElement().satisfies(t -> {
            assertThat(t.table()).isEqualTo("OMS.ORDLIN");
            assertThat(t.state()).isEqualTo("running");
            assertThat(t.rowsDone()).isEqualTo(7);
            assertThat(t.rowsTotal()).isNull();
        });
    }

    @Test
    void rowsOfATableNoSnapshotRunsAreNotCounted() {
        progress.rowsPublished(new TableId("OMS", "ORDLIN"), 3);

        assertThat(progress.all()).flatExtracting(SnapshotView::tables).extracting(SnapshotView.TableView::rowsDone).containsOnly(0L);
    }

    @Test
    void initialSnapshotNotificationsAreIgnored() {
        progress.notified(new DebeziumNotification("s1", "Initial Snapshot", "COMPLETED", Map.of()));

        assertThat(view().state()).isEqualTo("pending");
    }

    private SnapshotView view() {
        return progress.get("s1").orElseThrow();
    }

    private SnapshotView.TableView table(int index) {
        return view().tables().get(index);
    }

    private static DebeziumNotification notice(String id, String type, Map<String, String> data) {
        return new DebeziumNotification(id, DebeziumNotification.INCREMENTAL_SNAPSHOT, type, data);
    }
}
