package io.sluice.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running a database server's set-up tools ({@code initdb}, {@code mariadb-install-db}), as the server's OS user when the build runs as root. */
final class OsCommands {

    private OsCommands() {
    }

    /** The command, run through {@code runuser} as {@code osUser} when one is given. */
    static List<String> asUser(String osUser, List<String> command) {
        if (osUser == null) {
            return command;
        }
        List<String> asUser = new ArrayList<>(List.of("runuser", "-u", osUser, "--"));
        asUser.addAll(command);
        return asUser;
    }

    /**
     * Runs a command to its end, its output appended to {@code logFile}.
     *
     * @param directory its working directory, or null for the JVM's
     * @throws InfrastructureException when it fails or outlasts {@code timeout}, with the end of the log
     */
    static void run(String osUser, List<String> command, Path logFile, Path directory, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(asUser(osUser, command));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                // nothing to say
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new InfrastructureException(command.get(0) + " failed; " + logFile + " ends with:\n" + LogTail.of(logFile, 20));
            }
        } catch (IOException e) {
            throw new InfrastructureException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("Interrupted while running " + command.get(0), e);
        }
    }
}
