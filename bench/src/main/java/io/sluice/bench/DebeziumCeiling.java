package io.sluice.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;

/**
 * The ceiling of any relay built on Debezium's embedded engine: the engine, in this JVM, whose handler only
 * counts row changes and marks every record processed. Keeps the arrival time of each row change (by batch),
 * so that any stretch of the stream can be rated afterwards.
 */
final class DebeziumCeiling implements AutoCloseable {

    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final Thread thread;
    private final long startedNanos = System.nanoTime();
    private final CountDownLatch streaming = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile long streamingNanos;
    private final long[] arrivals;
    private final AtomicInteger rows = new AtomicInteger();

    private DebeziumCeiling(Properties settings, int capacity) {
        this.arrivals = new long[capacity];
        this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(settings)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        streamingNanos = System.nanoTime();
                        streaming.countDown();
                    }
                })
                .using((success, message, error) -> {
                    if (!success) {
                        failure.set(message + (error == null ? "" : ": " + error));
                    }
                    streaming.countDown();
                })
                .notifying(this::handleBatch)
                .build();
        this.thread = new Thread(engine, "bench-debezium");
    }

    /** Starts the engine with {@code settings}; it keeps arrival times of the first {@code capacity} row changes. */
    static DebeziumCeiling start(Properties settings, int capacity) {
        DebeziumCeiling ceiling = new DebeziumCeiling(settings, capacity);
        ceiling.thread.start();
        return ceiling;
    }

    /** Waits until the connector's task runs (its slot exists); returns the milliseconds since the engine started. */
    long awaitStreaming(Duration timeout) throws InterruptedException {
        if (!streaming.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || failure.get() != null) {
            throw new IllegalStateException("The Debezium engine did not start streaming within " + timeout + ": "
                    + (failure.get() != null ? failure.get() : "no task started"));
        }
        return (streamingNanos - startedNanos) / 1_000_000;
    }

    /** Waits until {@code count} row changes arrived in all. */
    void awaitRows(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (rows) {
            while (rows.get() < count && failure.get() == null && System.nanoTime() < deadline) {
                rows.wait(100);
            }
        }
        if (rows.get() < count) {
            throw new IllegalStateException("The Debezium engine delivered " + rows.get() + " of " + count + " row changes"
                    + (failure.get() != null ? ": " + failure.get() : " within " + timeout));
        }
    }

    /** Row changes that arrived so far. */
    int rows() {
        return rows.get();
    }

    /** When row change {@code n} (0-based, in arrival order) arrived, {@link System#nanoTime()}. */
    long arrivalNanos(int n) {
        return arrivals[n];
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        long now = System.nanoTime();
        int n = rows.get();
        for (RecordChangeEvent<SourceRecord> record : records) {
            if (isRowChange(record.record())) {
                if (n < arrivals.length) {
                    arrivals[n] = now;
                }
                n++;
            }
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
        synchronized (rows) {
            rows.set(n);
            rows.notifyAll();
        }
    }

    /** A change event envelope (op c/u/d/r), as opposed to a transaction BEGIN/END marker or a heartbeat. */
    private static boolean isRowChange(SourceRecord record) {
        return record.value() instanceof Struct value && value.schema().field("op") != null;
    }

    @Override
    public void close() throws Exception {
        engine.close();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
