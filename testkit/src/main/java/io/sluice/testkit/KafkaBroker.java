package io.sluice.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import io.sluice.testkit.broker.KafkaBrokerMain;
import io.sluice.testkit.process.OwnSession;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one), from the Kafka jars on
 * Maven Central, in its own JVM. The broker's jars never join the caller's classpath; the broker JVM
 * halts when the caller's JVM is gone.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "/io/sluice/testkit/broker/kafka-broker.classpath";

    private final Path dataDir;
    private final Path logFile;
    private final int port = Ports.free();
    private final int controllerPort = Ports.free();
    private final String clusterId = Uuid.randomUuid().toString();
    private Process process;
    /** The SASL_SSL listener, if asked for. */
    private SecuredListener secured;

    /**
     * A second listener that speaks SASL_SSL with the PLAIN mechanism: TLS with a self-signed certificate for
     * 127.0.0.1 (made with the JDK's {@code keytool}), and one user. The PLAINTEXT listener stays, for the
     * broker's own use and for tests that set up topics.
     */
    private record SecuredListener(int port, String user, String password, String storePassword, Path keyStore, Path trustStore) {
    }

    private KafkaBroker(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.logFile = this.dataDir.resolve("broker.log");
    }

    /** Prepares a broker whose data lives in {@code dataDir} (wiped). */
    public static KafkaBroker create(Path dataDir) {
        return new KafkaBroker(dataDir);
    }

    /**
     * Adds a SASL_SSL listener (PLAIN mechanism, TLS with a self-signed certificate for 127.0.0.1) that accepts
     * {@code user} with {@code password}; see {@link #securedBootstrapServers()} and {@link #securedClientSettings}.
     * Call before {@link #start()}.
     */
    public KafkaBroker withSaslSslListener(String user, String password) {
        Path tls = dataDir.resolveSibling(dataDir.getFileName() + "-tls");
        secured = new SecuredListener(Ports.free(), user, password, Uuid.randomUuid().toString(), tls.resolve("broker.p12"),
                tls.resolve("truststore.p12"));
        return this;
    }

    /** Formats fresh storage and starts the broker; returns when it answers. */
    public KafkaBroker start() {
        try {
            Directories.wipe(dataDir);
            Files.createDirectories(dataDir);
            if (secured != null) {
                createCertificates();
            }
            Files.writeString(dataDir.resolve("server.properties"), properties(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("Cannot prepare the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
        launch();
        return this;
    }

    /** Graceful stop (SIGTERM, controlled shutdown); forced after 30 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** {@code kill -9} of the broker JVM. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts the broker on the same ports and data. */
    public void restart() {
        stop();
        launch();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The SASL_SSL listener's address; only with {@link #withSaslSslListener}. */
    public String securedBootstrapServers() {
        requireSecured();
        return "127.0.0.1:" + secured.port();
    }

    /**
     * A Kafka client's settings for the SASL_SSL listener, as {@code user} with {@code password} (the broker's
     * certificate is trusted through a PKCS12 trust store): {@code security.protocol}, {@code sasl.mechanism},
     * {@code sasl.jaas.config}, {@code ssl.truststore.*}. Bootstrap servers are not included.
     */
    public Map<String, String> securedClientSettings(String user, String password) {
        requireSecured();
        return Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";",
                "ssl.truststore.location", secured.trustStore().toString(),
                "ssl.truststore.password", secured.storePassword(),
                "ssl.truststore.type", "PKCS12");
    }

    private void requireSecured() {
        if (secured == null) {
            throw new IllegalStateException(
                    "This broker has no SASL_SSL listener: call withSaslSslListener(user, password) before start()");
        }
    }

    /** A self-signed certificate for 127.0.0.1 in the broker's key store, and the same certificate in a trust store for clients. */
    private void createCertificates() throws IOException {
        Directories.wipe(secured.keyStore().getParent());
        Files.createDirectories(secured.keyStore().getParent());
        Path certificate = secured.keyStore().resolveSibling("broker.crt");
        String pass = secured.storePassword();
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", secured.keyStore().toString(), "-storetype", "PKCS12",
                "-storepass", pass, "-keypass", pass);
        keytool("-exportcert", "-alias", "broker", "-keystore", secured.keyStore().toString(), "-storepass", pass, "-rfc", "-file",
                certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-keystore",
                secured.trustStore().toString(), "-storetype", "PKCS12", "-storepass", pass);
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Path log = dataDir.resolve("keytool.log");
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new InfrastructureException("keytool " + arguments[0] + " failed for the broker's TLS certificate; " + log + ":\n"
                        + LogTail.of(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("Interrupted while making the broker's TLS certificate", e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Process id of the broker JVM (the benchmark accounts for its CPU time). */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("The Kafka broker is not running");
        }
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlog4j2.level=WARN", "-cp", classpath(), KafkaBrokerMain.class.getName(),
                dataDir.resolve("server.properties").toString(), clusterId));
        // its own session: a signal to the caller's process group reaches the caller only, which stops the broker in turn
        ProcessBuilder builder = new ProcessBuilder(OwnSession.wrap(command));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InfrastructureException("Cannot start the Kafka broker JVM: " + e.getMessage(), e);
        }
        // ready in 2-3 s on an idle machine; a 2-core machine shared by several builds (load average 20-30) took over 60 s
        awaitReady(Duration.ofSeconds(180));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new InfrastructureException("The Kafka broker exited at start (exit code " + process.exitValue() + "); "
                            + logFile + " ends with:\n" + LogTail.of(logFile, 30));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InfrastructureException("Interrupted while waiting for Kafka", e);
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw new InfrastructureException("The Kafka broker did not answer within " + timeout + " (" + last + "); "
                + logFile + " ends with:\n" + LogTail.of(logFile, 30));
    }

    private String properties() {
        String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + (secured == null ? "" : ",SECURED://127.0.0.1:" + secured.port());
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=" + listeners,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + (secured == null ? "" : ",SECURED:SASL_SSL"),
                securedListenerProperties(),
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "min.insync.replicas=1",
                "default.replication.factor=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=33554432",
                "log.flush.interval.messages=9223372036854775807",
                "");
    }

    private String securedListenerProperties() {
        if (secured == null) {
            return "";
        }
        return String.join("\n",
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.secured.sasl.enabled.mechanisms=PLAIN",
                "listener.name.secured.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_"
                        + secured.user() + "=\"" + secured.password() + "\";",
                "listener.name.secured.ssl.keystore.location=" + secured.keyStore(),
                "listener.name.secured.ssl.keystore.password=" + secured.storePassword(),
                "listener.name.secured.ssl.key.password=" + secured.storePassword(),
                "listener.name.secured.ssl.keystore.type=PKCS12");
    }

    private static String classpath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new InfrastructureException("Classpath of the Kafka broker (" + CLASSPATH_RESOURCE + ") is missing: build the project"
                        + " with ./mvnw install -DskipTests");
            }
            String brokerJars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String entryPoint = Path.of(KafkaBrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return entryPoint + java.io.File.pathSeparator + brokerJars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

}
