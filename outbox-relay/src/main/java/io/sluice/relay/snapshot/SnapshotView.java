package io.sluice.relay.snapshot;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An incremental snapshot as the admin API shows it. */
@Schema(description = "An incremental snapshot requested through the admin API, with its progress per table")
public record SnapshotView(
        @Schema(description = "Id of the snapshot; also the id of its execute-snapshot signal row") String id,
        @Schema(description = "pending, running, completed or failed (failed when any table failed)") String state,
        Instant requestedAt,
        @Schema(description = "When the last table finished; null while running") Instant finishedAt,
        @Schema(description = "True when the relay learned of the snapshot from Debezium after a restart: rows done then "
                + "count only the rows published since") boolean resumed,
        List<TableView> tables) {

    @Schema(description = "Progress of one table")
    public record TableView(
            @Schema(description = "schema.table") String table,
            @Schema(description = "pending (queued behind another table), running, completed or failed") String state,
            @Schema(description = "Snapshot rows of this table the relay has published (Kafka acknowledged)") long rowsDone,
            @Schema(description = "Rows expected: count(*) when the snapshot was requested, or the "
                    + "source's estimate for large tables (PostgreSQL's pg_class.reltuples, MariaDB's information_schema.TABLES.TABLE_ROWS); "
                    + "null when unknown") Long rowsTotal,
            @Schema(description = "Whether rowsTotal is the source's estimate rather than a count") boolean totalEstimated,
            @Schema(description = "rowsDone / rowsTotal in percent, at most 100") Double percent,
            @Schema(description = "Rows per second since the table's scan began") Double rowsPerSecond,
            @Schema(description = "Seconds left at the current rate; null when not running or unknown") Long etaSeconds,
            Instant startedAt,
            Instant finishedAt,
            @Schema(description = "Rows Debezium reports it read, once the table is done") Long rowsScanned,
            @Schema(description = "Why the table failed") String problem) {
    }
}
