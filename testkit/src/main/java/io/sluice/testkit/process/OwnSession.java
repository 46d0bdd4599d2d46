package io.sluice.testkit.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts a child process in a session (and so a process group) of its own, with {@code setsid} (util-linux). A
 * signal sent to the caller's process group ({@code kill -INT -- -<pgid>}, Ctrl-C without a terminal's help, a
 * supervisor stopping a job) then reaches the caller only, and the caller stops its children in the order it
 * chooses. {@code setsid} keeps the process id: a JVM's child is never a group leader, so it need not fork.
 */
public final class OwnSession {

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    private OwnSession() {
    }

    /** {@code command} prefixed with {@code setsid}; unchanged where {@code setsid} is missing. */
    public static List<String> wrap(List<String> command) {
        if (SETSID.isEmpty()) {
            return command;
        }
        List<String> detached = new ArrayList<>();
        detached.add(SETSID.get().toString());
        detached.addAll(command);
        return detached;
    }
}
