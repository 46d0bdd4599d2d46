package io.sluice.testkit.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.utils.Exit;

/**
 * Entry point of the test/demo broker's JVM: formats the KRaft storage on first start, then runs
 * {@code kafka.Kafka}. The JVM halts when its standard input ends, that is when the JVM that started
 * it is gone, even after a {@code kill -9}: no stray broker survives a test run.
 *
 * <p>Arguments: {@code <server.properties> <cluster-id>}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // the parent writes nothing; we only wait for the end of the stream
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        String config = args[0];
        String clusterId = args[1];
        if (!isFormatted(config)) {
            Exit.setExitProcedure((code, message) -> {
                if (code != 0) {
                    throw new IllegalStateException("Formatting the Kafka storage failed (" + code + "): " + message);
                }
                throw new FormatDone();
            });
            try {
                kafka.tools.StorageTool.main(new String[]{"format", "-t", clusterId, "-c", config, "--standalone"});
            } catch (FormatDone done) {
                // StorageTool ends by calling Exit.exit(0)
            } finally {
                Exit.resetExitProcedure();
            }
        }
        kafka.Kafka.main(new String[]{config});
    }

    private static boolean isFormatted(String config) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(config))) {
            properties.load(in);
        }
        return Files.exists(Path.of(properties.getProperty("log.dirs"), "meta.properties"));
    }

    private static final class FormatDone extends RuntimeException {
        FormatDone() {
            super(null, null, false, false);
        }
    }
}
