package io.sluice.testkit;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders the private servers use. */
public final class Directories {

    /**
     * Longest base folder for {@link #shortPrivate}: a Unix-domain socket path is limited to 107 bytes on Linux,
     * and a server adds its own name to the folder (PostgreSQL: {@code .s.PGSQL.<port>.lock}, 21 bytes).
     */
    private static final int MAX_BASE_LENGTH = 40;

    private Directories() {
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A new, empty folder with a short path (under {@code java.io.tmpdir}, or {@code /tmp} when that is deep), for a
     * server's Unix-domain sockets: a data folder under a deep checkout's {@code target/} would overflow the 107-byte
     * limit of a socket path. Only its owner may enter it ({@code rwx------}).
     *
     * @param prefix  the start of its name ({@code sluice-sock-})
     * @param osUser  the OS user who owns it (the server's, when the JVM runs as root), or null for the JVM's user
     * @return the folder; the caller deletes it when the server has stopped
     */
    public static Path shortPrivate(String prefix, String osUser) throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (base.toAbsolutePath().toString().length() > MAX_BASE_LENGTH || !Files.isWritable(base)) {
            base = Path.of("/tmp");
        }
        Path dir = Files.createTempDirectory(base, prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (osUser != null) {
            Files.setOwner(dir, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(osUser));
        }
        return dir;
    }
}
