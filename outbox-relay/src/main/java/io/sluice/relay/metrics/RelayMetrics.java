package io.sluice.relay.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.capture.SlotMonitor;
import io.sluice.relay.console.LiveTail;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The relay's Micrometer meters, scraped by Prometheus at {@code /q/metrics}:
 * <ul>
 * <li>{@code sluice_changes_read_total{table, phase}}: row changes read from the change log
 * ({@code phase} {@code snapshot} or {@code streaming}; snapshot progress per table);</li>
 * <li>{@code sluice_events_published_total{aggregate_type, event_type}}: events published: with transactions, events of
 * transactions that committed (what a {@code read_committed} reader sees); without, events Kafka acknowledged;</li>
 * <li>{@code sluice_batches_aborted_total}: Kafka transactions (batches, dead-letter replays) that did not commit: aborted,
 * failed or fenced; their events are not visible to {@code read_committed} readers and are published again;</li>
 * <li>{@code sluice_end_to_end_lag_seconds}: source commit time → the event is published (its transaction committed, or
 * Kafka acknowledged it), a histogram;</li>
 * <li>{@code sluice_dead_letters_total{table}}: changes sent to the dead-letter topic;</li>
 * <li>{@code sluice_changes_ignored_total{reason}}: records read and published nowhere (truncates, logical decoding messages,
 * tombstones, updates and deletes of outbox rows, changes skipped by the bad-data policy);</li>
 * <li>{@code sluice_retained_wal_bytes}: WAL the replication slot holds back on the source (asked on scrape);</li>
 * <li>{@code sluice_relay_state{state}}: 1 for the current state (STARTING, STANDBY, STREAMING, RETRYING, STOPPED), 0 for the others;</li>
 * <li>{@code sluice_relay_paused}: 1 while an operator has paused publishing;</li>
 * <li>{@code sluice_snapshot_rows_done{table}}, {@code sluice_snapshot_rows_expected{table}} (-1: unknown),
 * {@code sluice_snapshot_running{table}}: the latest incremental snapshot of each table the admin API snapshotted.</li>
 * </ul>
 */
@ApplicationScoped
@Startup
public class RelayMetrics {

    @Inject
    MeterRegistry registry;
    @Inject
    RelayStatus status;
    @Inject
    SlotMonitor slot;
    /** The console's live tail; null when built without the container. */
    @Inject
    LiveTail tail;

    private Timer lag;
    private volatile Counter aborted;
    /*
     * Counters by their tags, registered once: looking a counter up in the registry by name and tags costs more than
     * the mapping of a small outbox event (profiled in bench/), and these are counted once per change and per event.
     */
    private final Map<TablePhase, Counter> changesRead = new ConcurrentHashMap<>();
    private final Map<EventKind, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();

    private record TablePhase(TableId table, boolean snapshot) {
    }

    private record EventKind(String aggregateType, String type) {
    }

    public RelayMetrics() {
    }

    /** For tests of code that registers meters: only {@link #snapshotTable} and the counters work without the container. */
    public RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @PostConstruct
    void register() {
        lag = Timer.builder("sluice.end.to.end.lag")
                .description("Source commit time to Kafka acknowledgement of the event")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        abortedCounter(); // shown as 0 from the start
        Gauge.builder("sluice.retained.wal.bytes", slot, s -> s.retainedWalBytes().orElse(-1))
                .description("WAL the replication slot holds back on the source database (-1: unknown)")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("sluice.relay.paused", status, s -> s.paused() ? 1 : 0)
                .description("1 while an operator has paused publishing")
                .register(registry);
        for (RelayStatus.State state : RelayStatus.State.values()) {
            Gauge.builder("sluice.relay.state", status, s -> s.state() == state ? 1 : 0)
                    .description("1 for the relay's current state")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    /**
     * Gauges of a table's latest incremental snapshot: rows published, rows expected (-1 when unknown), and 1 while it
     * runs. Registering a table again keeps the first gauges.
     */
    public void snapshotTable(String table, Supplier<Number> rowsDone, Supplier<Number> rowsExpected, Supplier<Number> running) {
        Gauge.builder("sluice.snapshot.rows.done", rowsDone).description("Rows of the latest incremental snapshot of the table "
                + "published so far").tag("table", table).strongReference(true).register(registry);
        Gauge.builder("sluice.snapshot.rows.expected", rowsExpected).description("Rows the latest incremental snapshot of the table "
                + "expects (count or estimate; -1 unknown)").tag("table", table).strongReference(true).register(registry);
        Gauge.builder("sluice.snapshot.running", running).description("1 while an incremental snapshot of the table runs")
                .tag("table", table).strongReference(true).register(registry);
    }

    /** A row change read from the source, before mapping. */
    public void changeRead(RowChange change) {
        boolean snapshot = change.operation() == io.sluice.adapter.change.Operation.SNAPSHOT;
        changesRead.computeIfAbsent(new TablePhase(change.table(), snapshot), key -> Counter.builder("sluice.changes.read")
                .description("Row changes read from the source's change log")
                .tag("table", key.table().toString())
                .tag("phase", key.snapshot() ? "snapshot" : "streaming")
                .register(registry))
                .increment();
    }

    /** A Kafka transaction did not commit (aborted, failed or fenced). */
    public void batchAborted() {
        abortedCounter().increment();
    }

    private Counter abortedCounter() {
        if (aborted == null) {
            aborted = Counter.builder("sluice.batches.aborted")
                    .description("Kafka transactions (batches, dead-letter replays) that did not commit")
                    .register(registry);
        }
        return aborted;
    }

    /** The event is published: its transaction committed, or (without transactions) Kafka acknowledged it. Cheap. */
    public void published(DomainEvent event, long acknowledgedAtMillis) {
        published.computeIfAbsent(new EventKind(event.aggregateType(), event.type()), key -> Counter.builder("sluice.events.published")
                .description("Events published (of committed transactions; without transactions, acknowledged)")
                .tag("aggregate_type", key.aggregateType())
                .tag("event_type", key.type())
                .register(registry))
                .increment();
        if (tail != null) {
            tail.published(event, acknowledgedAtMillis);
        }
        if (event.time() != null) {
            lag.record(Math.max(0, acknowledgedAtMillis - event.time().toEpochMilli()), TimeUnit.MILLISECONDS);
        }
    }

    /** A record was read and published nowhere, for this reason ({@code IgnoredRecords.Reason}). */
    public void ignored(String reason) {
        ignored.computeIfAbsent(reason, key -> Counter.builder("sluice.changes.ignored")
                .description("Records read from the change log and published nowhere, by reason")
                .tag("reason", key)
                .register(registry))
                .increment();
    }

    /** A change went to the dead-letter topic. */
    public void deadLettered(RowChange change) {
        Counter.builder("sluice.dead.letters")
                .description("Changes sent to the dead-letter topic")
                .tag("table", change.table().toString())
                .register(registry)
                .increment();
    }
}
