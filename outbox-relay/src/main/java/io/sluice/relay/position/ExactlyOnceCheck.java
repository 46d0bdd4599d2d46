package io.sluice.relay.position;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.publish.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What {@code sluice.delivery=exactly-once} needs from Kafka, checked at start-up (and before each engine restart):
 * transactions the cluster can keep (the transaction state topic's replication factor and min ISR against the brokers
 * available), the positions topic, compacted (created so if missing), and the right to read and write it. Each problem is
 * one line naming what is missing and the fix.
 */
@ApplicationScoped
public class ExactlyOnceCheck {

    /** Kafka's internal topic of transaction states. */
    static final String TRANSACTION_STATE_TOPIC = "__transaction_state";
    /**
     * Segments of the positions topic: one position per batch adds up (hundreds per second under load), and compaction
     * only cleans closed segments, so they are kept small and rolled hourly; a start-up reads what is left.
     */
    static final Map<String, String> POSITIONS_TOPIC_CONFIG = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024), TopicConfig.SEGMENT_MS_CONFIG, "3600000",
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");

    @Inject
    RelayConfig config;
    @Inject
    KafkaClients kafka;

    /**
     * @return what the operator must fix, or empty when exactly-once can run
     * @throws IllegalStateException when Kafka did not answer: worth retrying
     */
    public Optional<String> problem(int timeoutMillis) {
        if (!config.publish().transactions()) {
            return Optional.of("sluice.delivery=exactly-once needs Kafka transactions, but sluice.publish.transactions=false:"
                    + " remove that setting, or choose sluice.delivery=at-least-once");
        }
        String topic = config.source().positionsTopic();
        try (Admin admin = Admin.create(settings(timeoutMillis))) {
            Optional<String> problem = transactionsProblem(admin, timeoutMillis);
            if (problem.isEmpty()) {
                problem = positionsTopicProblem(admin, topic, timeoutMillis);
            }
            if (problem.isEmpty()) {
                problem = permissionProblem(admin, topic, timeoutMillis);
            }
            return problem;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within " + timeoutMillis
                    + " ms while the relay checked what exactly-once delivery needs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot check what exactly-once delivery needs from Kafka at " + kafka.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka for exactly-once delivery", e);
        }
    }

    /** Transactions need the transaction state topic; the broker creates it on first use with settings the cluster must meet. */
    private Optional<String> transactionsProblem(Admin admin, int timeoutMillis) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        try {
            admin.describeTopics(List.of(TRANSACTION_STATE_TOPIC)).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS);
            return Optional.empty(); // exists: transactions have worked on this cluster
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return Optional.empty(); // may not look: the producer says what it may not do
            }
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        Collection<Node> brokers = admin.describeCluster().nodes().get(timeoutMillis, TimeUnit.MILLISECONDS);
        if (brokers.isEmpty()) {
            return Optional.empty();
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokers.iterator().next().idString());
        Config settings;
        try {
            settings = admin.describeConfigs(List.of(broker)).all().get(timeoutMillis, TimeUnit.MILLISECONDS).get(broker);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return Optional.empty();
            }
            throw e;
        }
        for (String key : List.of("transaction.state.log.replication.factor", "transaction.state.log.min.isr")) {
            ConfigEntry entry = settings.get(key);
            if (entry != null && entry.value() != null && Integer.parseInt(entry.value()) > brokers.size()) {
                return Optional.of("Kafka transactions are impossible on this cluster: the brokers' " + key + "=" + entry.value()
                        + " but only " + brokers.size() + " broker(s) are available, so the transaction state topic cannot be created."
                        + " Set " + key + " to at most " + brokers.size() + " on the brokers (e.g. KAFKA_"
                        + key.toUpperCase().replace('.', '_')
                        + "), or run the relay with sluice.delivery=at-least-once");
            }
        }
        return Optional.empty();
    }

    private Optional<String> positionsTopicProblem(Admin admin, String topic, int timeoutMillis) throws ExecutionException,
            InterruptedException, java.util.concurrent.TimeoutException {
        String named = topic + " (sluice.source.positions-topic)";
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry policy = admin.describeConfigs(List.of(resource)).all().get(timeoutMillis, TimeUnit.MILLISECONDS).get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                return Optional.of("The topic of the relay's source positions, " + named + ", has cleanup.policy=" + policy.value()
                        + ": Kafka would delete positions, and the relay would then start over. Make it compacted (kafka-configs.sh"
                        + " --alter --entity-type topics --entity-name " + topic
                        + " --add-config cleanup.policy=compact) or name a new topic");
            }
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return Optional
                        .of("The relay may not describe the topic of its source positions, " + named + ": " + e.getCause().getMessage()
                                + ". Grant the relay's Kafka user DESCRIBE, READ and WRITE on it");
            }
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(POSITIONS_TOPIC_CONFIG))).all()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return Optional.empty(); // another instance created it meanwhile
            }
            if (e.getCause() instanceof AuthorizationException) {
                return Optional.of("The relay may not create the topic of its source positions, " + named + ": " + e.getCause().getMessage()
                        + ". Create it (one partition, cleanup.policy=compact) or grant the relay's Kafka user CREATE on it");
            }
            throw e;
        }
        return Optional.empty();
    }

    private Optional<String> permissionProblem(Admin admin, String topic, int timeoutMillis) throws ExecutionException,
            InterruptedException, java.util.concurrent.TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                .allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS).get(topic);
        Set<AclOperation> allowed = description == null ? null : description.authorizedOperations();
        if (allowed == null || allowed.contains(AclOperation.ALL)) {
            return Optional.empty(); // no authorizer, or everything allowed
        }
        List<String> missing = new ArrayList<>();
        for (AclOperation needed : List.of(AclOperation.READ, AclOperation.WRITE)) {
            if (!allowed.contains(needed)) {
                missing.add(needed.name());
            }
        }
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of("The relay's Kafka user may not " + String.join(" and ", missing)
                        + " the topic of its source positions, " + topic + " (sluice.source.positions-topic): grant it (kafka-acls.sh --add"
                        + " --allow-principal <the relay's principal> --operation " + String.join(" --operation ", missing) + " --topic "
                        + topic + ")");
    }

    /**
     * The line to stop with when the broker refused the relay's producer its transactional id (an ACL is missing): retrying
     * would not help.
     */
    public static Optional<String> transactionalIdDenied(Throwable failure, String transactionalId) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TransactionalIdAuthorizationException) {
                return Optional.of("The relay's Kafka user may not use the transactional id " + transactionalId + " (" + t.getMessage()
                        + "): grant it (kafka-acls.sh --add --allow-principal <the relay's principal> --operation Write --operation"
                        + " Describe --transactional-id " + transactionalId
                        + "), or set sluice.publish.transactional-id to one it may use");
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> settings(int timeoutMillis) {
        Map<String, Object> settings = kafka.connection();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-exactly-once-check");
        return settings;
    }
}
