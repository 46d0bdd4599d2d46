package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sluice.testkit.process.OwnSession;

/**
 * A private PostgreSQL cluster with logical decoding, from the server binaries installed on the machine.
 * Each instance does a fresh {@code initdb}. Password authentication is real (user {@code sluice},
 * password {@code sluice}, SCRAM), so a wrong password fails as it would in production.
 *
 * <p>PostgreSQL refuses to run as root: when the JVM runs as root, the cluster runs as an unprivileged
 * OS user ({@code postgres}, or {@code SLUICE_PG_OS_USER}). The server is started through a shell that
 * stops it (fast shutdown) as soon as its standard input closes, so it never outlives the JVM. That shell runs in
 * a session of its own ({@code setsid}): a signal to the caller's process group (Ctrl-C, {@code kill -INT -- -<pgid>})
 * reaches the caller only, which stops the server when it is time to, after what still uses it.
 *
 * <p>Clients connect over TCP. The Unix-domain socket lives in a short private folder ({@link Directories#shortPrivate}),
 * created at start and removed at stop, so a data folder under any checkout path works (a socket path is limited to
 * 107 bytes).
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String USER = "sluice";
    public static final String PASSWORD = "sluice";
    public static final String DATABASE = "sluice";

    private static final System.Logger LOG = System.getLogger(PostgresCluster.class.getName());

    private final Path binDir;
    private final Path dataDir;
    private final Path logFile;
    private final String osUser;
    private final int port;
    private Process server;
    /** Where the server's Unix-domain socket lives while it runs: a short private folder, not the (maybe deep) data folder. */
    private Path socketDir;

    private PostgresCluster(Path binDir, Path dataDir, String osUser, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.osUser = osUser;
        this.port = port;
    }

    /**
     * Prepares a cluster in {@code dataDir} (wiped) with the binaries of {@code binDir} (null: look them up).
     *
     * @throws InfrastructureException when the binaries or the OS user are missing
     */
    public static PostgresCluster create(Path binDir, Path dataDir) {
        Path bin = binDir != null ? requireBinaries(binDir) : findBinaries();
        String osUser = isRoot() ? System.getenv().getOrDefault("SLUICE_PG_OS_USER", "postgres") : null;
        Path data = dataDir.toAbsolutePath();
        if (osUser != null && !traversableByOthers(data.getParent())) {
            try {
                Path tmp = Files.createTempDirectory("sluice-pg-");
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                LOG.log(System.Logger.Level.INFO, "{0} is not reachable for OS user {1}; using {2} instead", data, osUser, tmp);
                data = tmp.resolve("data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new PostgresCluster(bin, data, osUser, Ports.free());
    }

    /** Runs initdb and starts the server; returns when it accepts connections. */
    public PostgresCluster start() {
        try {
            Directories.wipe(dataDir);
            Files.createDirectories(dataDir);
            Path passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".pw");
            Files.writeString(passwordFile, PASSWORD + "\n");
            if (osUser != null) {
                UserPrincipal owner = owner();
                Files.setOwner(dataDir, owner);
                Files.setOwner(passwordFile, owner);
            }
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER,
                    "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C"));
            Files.deleteIfExists(passwordFile);
        } catch (IOException e) {
            throw new InfrastructureException("Cannot prepare the PostgreSQL data directory " + dataDir + ": " + e.getMessage(), e);
        }
        launch();
        createDatabase(DATABASE);
        return this;
    }

    /** Stops the server (fast shutdown) and starts it again on the same data and port. */
    public void restart() {
        stop();
        launch();
    }

    /** Fast shutdown; waits until the server is gone. */
    public void stop() {
        if (server == null) {
            return;
        }
        try {
            server.getOutputStream().close();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        } catch (IOException e) {
            server.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        removeSocketDir();
    }

    private void removeSocketDir() {
        if (socketDir == null) {
            return;
        }
        try {
            Directories.wipe(socketDir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot remove the socket folder {0}: {1}", socketDir, e.getMessage());
        }
        socketDir = null;
    }

    /** Creates a database if it does not exist. */
    public void createDatabase(String name) {
        createDatabase(jdbcUrl("postgres"), USER, PASSWORD, name);
    }

    /** Creates a database on the server of {@code jdbcUrl} if it does not exist. */
    static void createDatabase(String jdbcUrl, String user, String password, String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new InfrastructureException("Cannot create database " + name + " on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** The folder of the PostgreSQL binaries in use (initdb, postgres, psql, pg_recvlogical). */
    public Path binDir() {
        return binDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return server != null && server.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        try {
            socketDir = Directories.shortPrivate("sluice-sock-", osUser);
        } catch (IOException e) {
            throw new InfrastructureException("Cannot create a folder for PostgreSQL's socket: " + e.getMessage(), e);
        }
        String postgres = String.join(" ", List.of(quote(binDir.resolve("postgres").toString()), "-D", quote(dataDir.toString()),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c",
                "unix_socket_directories=" + quote(socketDir.toString()),
                "-c", "wal_level=logical", "-c", "max_replication_slots=20", "-c", "max_wal_senders=20",
                "-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=on", "-c", "full_page_writes=off"));
        // postgres runs in the background; a watcher stops it (SIGINT: fast shutdown) when the shell's stdin closes
        // (fd 3: a background job's own stdin is /dev/null). The shell ends with postgres, so a server that exits at
        // start is seen at once, and it removes the socket folder even when the JVM was killed.
        String script = "exec 3<&0; " + postgres + " </dev/null & pid=$!; "
                + "(cat <&3 >/dev/null; kill -INT $pid 2>/dev/null) & "
                + "wait $pid; code=$?; rmdir " + quote(socketDir.toString()) + " 2>/dev/null; exit $code";
        ProcessBuilder builder = new ProcessBuilder(OwnSession.wrap(command(List.of("sh", "-c", script))));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            server = builder.start();
        } catch (IOException e) {
            removeSocketDir();
            throw new InfrastructureException("Cannot start PostgreSQL from " + binDir + ": " + e.getMessage(), e);
        }
        try {
            awaitReady(Duration.ofSeconds(30));
        } catch (InfrastructureException e) {
            stop();
            throw e;
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new InfrastructureException("PostgreSQL exited at start (exit code " + server.exitValue() + "); its log "
                        + logFile + " ends with:\n" + LogTail.of(logFile, 20));
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                server.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("Interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new InfrastructureException("PostgreSQL did not accept connections within " + timeout + " ("
                + (last == null ? "" : last.getMessage()) + "); its log ends with:\n" + LogTail.of(logFile, 20));
    }

    private void run(List<String> command) {
        OsCommands.run(osUser, command, logFile, null, Duration.ofSeconds(60));
    }

    private List<String> command(List<String> command) {
        return OsCommands.asUser(osUser, command);
    }

    private UserPrincipal owner() throws IOException {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
        } catch (IOException e) {
            throw new InfrastructureException("OS user '" + osUser + "' does not exist; PostgreSQL cannot run as root: create the user"
                    + " (useradd --system postgres) or name another with SLUICE_PG_OS_USER", e);
        }
    }

    static Path findBinaries() {
        String configured = System.getenv("SLUICE_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return requireBinaries(Path.of(configured));
        }
        Path installed = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(installed)) {
            try (Stream<Path> versions = Files.list(installed)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(PostgresCluster::hasBinaries)
                        .max(Comparator.comparingInt(PostgresCluster::majorVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && hasBinaries(Path.of(dir))) {
                return Path.of(dir);
            }
        }
        throw new InfrastructureException("PostgreSQL server binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin or PATH:"
                + " install them (apt-get install postgresql) or set SLUICE_PG_BIN");
    }

    static Path requireBinaries(Path dir) {
        if (!hasBinaries(dir)) {
            throw new InfrastructureException("PostgreSQL server binaries (initdb, postgres) not found in " + dir
                    + ": install them (apt-get install postgresql) or point SLUICE_PG_BIN at their folder");
        }
        return dir;
    }

    private static boolean hasBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

}
