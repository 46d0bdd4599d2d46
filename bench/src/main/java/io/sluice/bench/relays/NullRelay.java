package io.sluice.bench.relays;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The ceiling of any relay on this machine: pgoutput read over the replication protocol with pgjdbc's replication
 * API, every row change ({@code I}nsert, {@code U}pdate, {@code D}elete message) handed to a {@link KafkaProducer} as
 * the bytes PostgreSQL sent, with no decoding and no per-row work; the producer as the relay's ({@code acks=all},
 * idempotent, linger 5 ms, 128 KiB batches). The slot's position is confirmed after the acks, every 500 ms.
 *
 * <p>Run as its own JVM by the bench: {@code NullRelay <jdbc url> <user> <password> <slot> <publication>
 * <bootstrap servers> <topic>}. Prints {@code STREAMING} once the stream is open.
 */
public final class NullRelay {

    private NullRelay() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Properties props = new Properties();
        PGProperty.USER.set(props, args[1]);
        PGProperty.PASSWORD.set(props, args[2]);
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        String topic = args[6];
        try (Connection connection = DriverManager.getConnection(url, props);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", args[5], "acks", "all",
                        "enable.idempotence", "true", "linger.ms", "5", "batch.size", "131072"),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(args[3]).withSlotOption("proto_version", 1).withSlotOption("publication_names", args[4])
                    .withStatusInterval(1, TimeUnit.SECONDS).start();
            System.out.println("STREAMING");
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stream.close();
                } catch (Exception e) {
                    // exiting anyway
                }
            }));
            long confirmedAt = System.nanoTime();
            while (!stream.isClosed()) {
                ByteBuffer message = stream.readPending();
                if (message == null) {
                    LockSupport.parkNanos(1_000_000);
                } else {
                    byte type = message.get(message.position());
                    if (type == 'I' || type == 'U' || type == 'D') {
                        byte[] bytes = new byte[message.remaining()];
                        message.get(bytes);
                        producer.send(new ProducerRecord<>(topic, bytes));
                    }
                }
                if (System.nanoTime() - confirmedAt > 500_000_000L) {
                    LogSequenceNumber received = stream.getLastReceiveLSN();
                    producer.flush(); // everything received so far is acknowledged: confirm it
                    stream.setFlushedLSN(received);
                    stream.setAppliedLSN(received);
                    confirmedAt = System.nanoTime();
                }
            }
        }
    }
}
