package io.sluice.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run as a child process:
 * for end-to-end tests (including {@code kill -9}) and the demo. Output goes to a log file.
 */
public final class AppProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path logFile;
    private final int httpPort;
    private final List<String> jvmOptions;
    private boolean ownSession;
    private Process process;

    private AppProcess(String name, Path jar, Map<String, String> environment, Path logFile, int httpPort, List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.environment = environment;
        this.logFile = logFile;
        this.httpPort = httpPort;
        this.jvmOptions = jvmOptions;
    }

    /**
     * @param name       a short name for messages ("relay")
     * @param jar        the application's {@code quarkus-run.jar}
     * @param environment environment variables (configuration) for the application
     * @param logFile    where its output goes (appended)
     * @param httpPort   the HTTP port it listens on (set as {@code QUARKUS_HTTP_PORT})
     */
    public static AppProcess of(String name, Path jar, Map<String, String> environment, Path logFile, int httpPort) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw package -DskipTests first)");
        }
        return new AppProcess(name, jar, new LinkedHashMap<>(environment), logFile, httpPort, List.of("-Xmx512m"));
    }

    /**
     * Runs the application in a session of its own ({@link OwnSession}): a signal to the caller's process group
     * (Ctrl-C, {@code kill -INT -- -<pgid>}) then reaches the caller only, which stops the application when it is
     * its turn. The caller must stop it (a shutdown hook): it does not end with the caller's group. Call before
     * {@link #start()}.
     */
    public AppProcess inOwnSession() {
        ownSession = true;
        return this;
    }

    /** The same application with another maximum heap ({@code -Xmx}, e.g. {@code 128m}; default 512m). */
    public AppProcess withMaxHeap(String size) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.removeIf(option -> option.startsWith("-Xmx"));
        options.add("-Xmx" + size);
        AppProcess copy = new AppProcess(name, jar, environment, logFile, httpPort, List.copyOf(options));
        copy.ownSession = ownSession;
        return copy;
    }

    /** Starts the process (or starts it again after {@link #stop()} / {@link #kill()}). */
    public AppProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(ownSession ? OwnSession.wrap(command) : command);
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " from " + jar, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails with the tail of the log. */
    public AppProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    /**
     * Graceful stop (SIGTERM), then a forced one after 20 s.
     *
     * @return false when it had to be killed
     */
    public boolean stop() {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(20, TimeUnit.SECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return false;
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing graceful. */
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
    }

    /** {@code kill -STOP}: the process freezes with its sockets open, like a machine that stopped answering. */
    public void freeze() {
        signal("STOP");
    }

    /** {@code kill -CONT}: a frozen process runs on, unaware of the time it lost. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + name, e);
        }
    }

    /** Waits for the process to end by itself and returns its exit code, or fails with the log tail. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still runs after " + timeout + ":\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name + " to exit", e);
        }
        return process.exitValue();
    }

    /** Everything the application printed so far. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "";
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the application's output, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + (isAlive() ? " (pid " + process.pid() + ", " + baseUrl() + ")" : " (not running)");
    }
}
