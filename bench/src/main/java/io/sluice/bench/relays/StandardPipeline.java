package io.sluice.bench.relays;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;

/**
 * The pipeline every Debezium user writes in an afternoon, as the bench's reference: the embedded engine with the
 * Debezium settings given (for outbox tables, Debezium's outbox {@code EventRouter} transformation), JSON converters,
 * each batch handed to a {@link KafkaProducer} ({@code acks=all}, idempotent, the relay's linger and batch size), and
 * the batch's records marked processed only after Kafka acknowledged all of them (at-least-once).
 *
 * <p>Run as its own JVM by the bench: {@code StandardPipeline <debezium.properties> <bootstrap servers>}. Prints
 * {@code STREAMING} once the connector's task runs.
 */
public final class StandardPipeline {

    private StandardPipeline() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            settings.load(in);
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", args[1], "acks", "all",
                "enable.idempotence", "true", "linger.ms", "5", "batch.size", "131072"), new StringSerializer(), new StringSerializer());
        CountDownLatch stopped = new CountDownLatch(1);
        DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class, Json.class, Json.class)
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
                .notifying((records, committer) -> publish(producer, records, committer))
                .build();
        Thread runner = new Thread(engine, "standard-pipeline");
        runner.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                engine.close();
                stopped.await();
            } catch (IOException | InterruptedException e) {
                // exiting anyway
            }
            producer.close();
        }));
        stopped.await();
        System.exit(0);
    }

    private static void publish(KafkaProducer<String, String> producer, List<ChangeEvent<String, String>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        for (ChangeEvent<String, String> record : records) {
            if (record.value() == null) {
                continue; // tombstones
            }
            RecordHeaders headers = new RecordHeaders();
            for (io.debezium.engine.Header<?> header : record.headers()) {
                Object value = header.getValue();
                headers.add(header.getKey(),
                        value == null ? null : value instanceof byte[] bytes ? bytes : value.toString().getBytes(UTF_8));
            }
            sends.add(producer.send(new ProducerRecord<>(record.destination(), null, record.key(), record.value(), headers)));
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge a record", e.getCause());
            }
        }
        for (ChangeEvent<String, String> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }
}
