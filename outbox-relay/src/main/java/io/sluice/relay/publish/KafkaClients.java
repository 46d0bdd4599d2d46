package io.sluice.relay.publish;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.metrics.RelayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The settings of every Kafka client the relay makes, in one place: the broker ({@code kafka.bootstrap.servers}), the
 * producer's connection security ({@code security.*}, {@code ssl.*}, {@code sasl.*} of {@code sluice.publish.kafka}), which
 * every other client (broker probe, dead-letter reader, Kafka offset store) shares, and the publishers of the stream and of
 * dead-letter replays.
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    RelayConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    EventTracing tracing;
    @Inject
    RelayMetrics metrics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** {@code kafka.bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker and the producer's connection security: what any client of the relay connects with. */
    public Map<String, Object> connection() {
        Map<String, Object> settings = new HashMap<>(config.publish().connectionSecurity());
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    /** The stream's producer: {@code sluice.publish.kafka.*} as given, the broker and {@code sluice.publish.client-id}. */
    Map<String, Object> producer() {
        Map<String, Object> settings = new HashMap<>(config.publish().kafka());
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.publish().clientId().ifPresent(id -> settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, id));
        return settings;
    }

    /** The replay's producer: the stream's, without the stream's transactional id (a second producer with it would fence the stream). */
    Map<String, Object> replayProducer() {
        Map<String, Object> settings = producer();
        settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.publish().clientId().orElse("sluice-relay") + "-replay");
        return settings;
    }

    /**
     * The stream's publisher.
     *
     * @param transactionalId the id shared by every instance on the source, or null to publish without transactions
     */
    public EventPublisher publisher(String transactionalId) {
        return new EventPublisher(producer(), json, config.publish().topicPattern(), config.publish().deadLetterTopic(), transactionalId,
                metrics::published, metrics::batchAborted, tracing);
    }

    /**
     * A publisher for dead-letter replays: one transaction per dead letter (its events and its replay marker), with a
     * transactional id of its own.
     *
     * @param transactionalId the replays' id ({@code TransactionalIds.replay}), or null to publish without transactions
     */
    public EventPublisher replayPublisher(String transactionalId) {
        return new EventPublisher(replayProducer(), json, config.publish().topicPattern(), config.publish().deadLetterTopic(),
                transactionalId,
                metrics::published, metrics::batchAborted, tracing);
    }
}
