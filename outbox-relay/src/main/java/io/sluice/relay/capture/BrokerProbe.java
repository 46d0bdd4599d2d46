package io.sluice.relay.capture;

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

import io.quarkus.runtime.ShutdownEvent;
import io.sluice.relay.Causes;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.publish.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Asks the Kafka cluster whether it answers, with the same connection security as the producer
 * (the {@code security.*}, {@code ssl.*} and {@code sasl.*} keys of {@code sluice.publish.kafka}).
 */
@ApplicationScoped
public class BrokerProbe {

    private static final int TIMEOUT_MILLIS = 5000;

    @Inject
    RelayConfig config;
    @Inject
    KafkaClients clients;

    private Admin admin;

    /** @throws BrokerUnavailableException when the cluster does not answer: worth retrying */
    public void requireReachable() {
        problem(TIMEOUT_MILLIS).ifPresent(problem -> {
            throw new BrokerUnavailableException(problem, null);
        });
    }

    /**
     * With positions in Kafka: their topic exists and is compacted ({@link #offsetTopicProblem}).
     *
     * @throws StartupException naming what to fix about the topic
     * @throws BrokerUnavailableException when the cluster does not answer: worth retrying
     */
    public void requireOffsetTopic() {
        if (config.source().offsetStore() != RelayConfig.OffsetStore.KAFKA) {
            return;
        }
        try {
            offsetTopicProblem(config.source().offsetTopic(), TIMEOUT_MILLIS).ifPresent(problem -> {
                throw new StartupException(problem);
            });
        } catch (IllegalStateException e) {
            throw new BrokerUnavailableException(e.getMessage(), e);
        }
    }

    /** @return why the cluster is not reachable, or empty if it answered within {@code timeoutMillis} */
    public synchronized Optional<String> problem(int timeoutMillis) {
        try {
            admin(timeoutMillis).describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis)).clusterId()
                    .get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking Kafka at " + clients.bootstrapServers());
        } catch (Exception e) {
            return Optional.of(describe(e, clients.bootstrapServers()));
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
                    + describe(e.getCause(), clients.bootstrapServers()), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + clients.bootstrapServers() + " did not answer about the topic of the relay's source positions, "
                            + named + ", within " + timeoutMillis + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the topic " + named, e);
        }
    }

    /** Why a Kafka client could not talk to the cluster, in the operator's terms: unreachable, or refused at TLS or SASL. */
    public static String describe(Throwable failure, String bootstrapServers) {
        // an SslAuthenticationException is an AuthenticationException: the first in the chain decides
        Optional<AuthenticationException> refused = Causes.find(failure, AuthenticationException.class);
        if (refused.isPresent() && refused.get() instanceof SslAuthenticationException) {
            return "Kafka broker at " + bootstrapServers + " failed the TLS handshake: " + refused.get().getMessage()
                    + "; check sluice.publish.kafka.\"security.protocol\" and the ssl.* settings (trust store, key store)";
        }
        if (refused.isPresent()) {
            return "Kafka broker at " + bootstrapServers + " refused the relay's credentials: " + refused.get().getMessage()
                    + "; check sluice.publish.kafka.\"sasl.mechanism\" and \"sasl.jaas.config\"";
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
        Map<String, Object> settings = clients.connection();
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
