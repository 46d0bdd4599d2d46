package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A relay of the comparison that is not Sluice (the standard pipeline, the null relay) run as its own JVM on the
 * bench's class path, with the same heap as Sluice's relay, so that its CPU time is its own.
 */
final class ChildJvm {

    private final String name;
    private final Path log;
    private final Process process;

    private ChildJvm(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code mainClass} with {@code args} and waits until its output says {@code STREAMING}. */
    static ChildJvm start(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args, Path log, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Files.writeString(log, "");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ChildJvm child = new ChildJvm(name, log, process);
            child.awaitStreaming(timeout);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    private void awaitStreaming(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log);
            if (output.contains("STREAMING")) {
                return;
            }
            if (!process.isAlive() || output.contains("FAILED")) {
                stop();
                throw new IllegalStateException(name + " failed to start; see " + log + ":\n" + tail(output));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException(name + " did not stream within " + timeout + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (the engine closes and its offsets are flushed), then SIGKILL after 20 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(String output) {
        return output.length() > 3000 ? output.substring(output.length() - 3000) : output;
    }
}
