package io.sluice.bench.relays;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;

/**
 * Debezium's own ceiling as a JVM of its own (so that its CPU time and JIT warm-up are its own, as a relay's): the
 * embedded engine with the settings given and a handler that only counts row changes and marks every record
 * processed. No conversion, no Kafka.
 *
 * <p>Run by the bench: {@code DebeziumNoop <debezium.properties>}. Prints {@code STREAMING} once the connector's task
 * runs, then after every batch with row changes {@code ROWS <row changes so far> <epoch ms>}, which the bench reads to
 * rate any stretch of the stream.
 */
public final class DebeziumNoop {

    private static long rows;

    private DebeziumNoop() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            settings.load(in);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(settings)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        System.out.println("STREAMING");
                        System.out.flush();
                    }
                })
                .using((success, message, error) -> {
                    if (!success) {
                        System.out.println("FAILED " + message);
                        if (error != null) {
                            error.printStackTrace(System.out);
                        }
                    }
                    stopped.countDown();
                })
                .notifying(DebeziumNoop::handleBatch)
                .build();
        Thread runner = new Thread(engine, "debezium-noop");
        runner.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                engine.close(); // offsets flushed: a restart resumes where this one stopped
                stopped.await();
            } catch (IOException | InterruptedException e) {
                // exiting anyway
            }
        }));
        stopped.await();
        System.exit(0);
    }

    private static void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        long before = rows;
        for (RecordChangeEvent<SourceRecord> record : records) {
            // a change event envelope (op c/u/d/r), as opposed to a transaction BEGIN/END marker or a heartbeat
            if (record.record().value() instanceof Struct value && value.schema().field("op") != null) {
                rows++;
            }
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
        if (rows != before) {
            System.out.println("ROWS " + rows + " " + System.currentTimeMillis());
            System.out.flush();
        }
    }
}
