package io.sluice.relay.capture;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.sluice.relay.config.RelayConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Bounds a stop: when the relay has not ended {@code sluice.shutdown-timeout} after a stop began (Ctrl-C, SIGTERM), it
 * logs what its threads are still doing and halts, as a {@code kill -9} would. That loses nothing: events are published
 * and positions recorded per batch, and a batch cut short is read again at the next start. An operator's Ctrl-C or a
 * supervisor's SIGTERM then always ends the process, and the log names what held it up.
 */
@ApplicationScoped
public class ShutdownWatchdog {

    private static final Logger LOG = Logger.getLogger(ShutdownWatchdog.class);

    /** Exit status of a halted stop, as the JVM's for SIGINT. */
    static final int HALTED = 130;

    @Inject
    RelayConfig config;

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        if (armedIn(LaunchMode.current())) {
            start(config.shutdownTimeout(), status -> Runtime.getRuntime().halt(status));
        }
    }

    /**
     * Only a relay launched as an application ends its process when it stops; in tests ({@code @QuarkusTest}) and dev mode
     * the application stops and starts again inside a JVM that must go on.
     */
    static boolean armedIn(LaunchMode mode) {
        return mode == LaunchMode.NORMAL;
    }

    /**
     * Starts the watch on a daemon thread (it ends with the JVM).
     *
     * @param halt ends the process with the given status
     * @return the watching thread
     */
    static Thread start(Duration timeout, IntConsumer halt) {
        Thread watch = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis()); // the deadline itself, not a wait for something
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.errorf("The relay did not stop within sluice.shutdown-timeout (%ss); ending it now, as a kill -9 would (nothing is"
                    + " lost: the next start reads again from the last committed batch). Still running:%n%s", timeout.toSeconds(),
                    describe(Thread.getAllStackTraces()));
            halt.accept(HALTED);
        }, "sluice-shutdown-watchdog");
        watch.setDaemon(true);
        watch.start();
        return watch;
    }

    /** Each live thread other than the watchdog, with its top frames: what the stop waits for. */
    static String describe(Map<Thread, StackTraceElement[]> threads) {
        return threads.entrySet().stream()
                .filter(e -> !e.getKey().getName().equals("sluice-shutdown-watchdog"))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Thread::getName)))
                .map(e -> "  " + e.getKey().getName() + " (" + e.getKey().getState() + ")" + Arrays.stream(e.getValue()).limit(6)
                        .map(frame -> "\n      at " + frame).collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }
}
