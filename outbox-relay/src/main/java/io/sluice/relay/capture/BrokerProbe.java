package io.sluice.relay.capture;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.sluice.relay.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Asks the Kafka cluster whether it answers, with the same connection security as the producer
 * (the {@code security.*}, {@code ssl.*} and {@code sasl.*} keys of {@code sluice.publish.kafka}).
 */
@ApplicationScoped
public class BrokerProbe {

    @Inject
    RelayConfig config;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Admin admin;

    /** @return why the cluster is not reachable, or empty if it answered within {@code timeoutMillis} */
    public synchronized Optional<String> problem(int timeoutMillis) {
        try {
            admin(timeoutMillis).describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis)).clusterId()
                    .get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking Kafka at " + bootstrapServers);
        } catch (Exception e) {
            return Optional.of(describe(e, bootstrapServers));
        }
    }

    /**
     * Prepares the topic of Kafka-stored positions ({@code sluice.source.offset-topic}) before Debezium's offset store opens
     * it, so that what is wrong with it is said in the operator's terms: Kafka Connect's store reports a failure to
     * start as a {@code NullPointerException} of its own shutdown. A missing topic is created as the store would
     * (compacted, one partition, the broker's replication factor).
     *
     * @return what the operator must fix (a topic that is not compacted, no right to create it), or empty when the topic
     *         is ready
     * @throws IllegalStateException when Kafka did not answer: worth retrying
     */
    public synchronized Optional<String> offsetTopicProblem(String topic, int timeoutMillis) {
        String named = topic + " (sluice.source.offset-topic)";
        try {
            Admin admin = admin(timeoutMillis);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            try {
                ConfigEntry policy = admin.describeConfigs(List.of(resource)).all().get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS)
                        .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    return Optional.of("The topic of the relay's source positions, " + named + ", has cleanup.policy=" + policy.value()
                            + ": Kafka would delete positions. Make it compacted (kafka-configs.sh --alter --entity-type topics --entity-name "
                            + topic + " --add-config cleanup.policy=compact) or name a new topic");
                }
                return Optional.empty();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthorizationException) {
                    return Optional.empty(); // may not read topic settings: the store will say what else it may not do
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return Optional.empty(); // another instance created it meanwhile
            }
            if (e.getCause() instanceof AuthorizationException) {
                return Optional.of("The relay may not create the topic of its source positions, " + named + ": " + e.getCause().getMessage()
                        + ". Create it (compacted, cleanup.policy=compact) or grant the relay's Kafka user CREATE on it");
            }
            throw new IllegalStateException("Cannot prepare the topic of the relay's source positions, " + named + ": "
                    + describe(e.getCause(), bootstrapServers), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer about the topic of the relay's source positions, "
                    + named + ", within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the topic " + named, e);
        }
    }

    /** Why a Kafka client could not talk to the cluster, in the operator's terms: unreachable, or refused at TLS or SASL. */
    public static String describe(Throwable failure, String bootstrapServers) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return "Kafka broker at " + bootstrapServers + " failed the TLS handshake: " + t.getMessage()
                        + "; check sluice.publish.kafka.\"security.protocol\" and the ssl.* settings (trust store, key store)";
            }
            if (t instanceof AuthenticationException) {
                return "Kafka broker at " + bootstrapServers + " refused the relay's credentials: " + t.getMessage()
                        + "; check sluice.publish.kafka.\"sasl.mechanism\" and \"sasl.jaas.config\"";
            }
        }
        return "Kafka broker at " + bootstrapServers + " (kafka.bootstrap.servers) is unreachable"
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** The probe's admin client, made on first use with the first caller's timeouts. */
    private Admin admin(int timeoutMillis) {
        if (admin == null) {
            admin = Admin.create(settings(timeoutMillis));
        }
        return admin;
    }

    private Map<String, Object> settings(int timeoutMillis) {
        Map<String, Object> settings = new HashMap<>(config.publish().connectionSecurity());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        return settings;
    }

    synchronized void close(@Observes ShutdownEvent shutdown) {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
