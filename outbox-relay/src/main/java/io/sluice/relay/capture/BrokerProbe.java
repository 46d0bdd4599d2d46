package io.sluice.relay.capture;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
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
            if (admin == null) {
                admin = Admin.create(settings(timeoutMillis));
            }
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis)).clusterId()
                    .get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking Kafka at " + bootstrapServers);
        } catch (Exception e) {
            return Optional.of(describe(e, bootstrapServers));
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
