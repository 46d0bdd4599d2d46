package io.sluice.testkit.events;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends {@link TestEvent}s to Kafka as the relay would, each acknowledged ({@code acks=all}) before {@link #send} returns. */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    private EventSender(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static EventSender to(String bootstrapServers) {
        return new EventSender(bootstrapServers);
    }

    /** Sends the event to {@code <aggregateType>.events}. */
    public void send(TestEvent event) {
        await(event, producer.send(event.record()));
    }

    public void send(TestEvent event, String topic) {
        await(event, producer.send(event.record(topic)));
    }

    private static void await(TestEvent event, java.util.concurrent.Future<?> ack) {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the test event " + event.build().type() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending a test event", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
