package io.sluice.testkit;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sluice.testkit.process.OwnSession;

/**
 * A private MariaDB server from the binaries installed on the machine ({@code mariadbd},
 * {@code mariadb-install-db}), set up as a source for Debezium's MariaDB connector: binary log on, in ROW
 * format with full row images, a server id, GTIDs in strict mode (MariaDB always writes GTIDs; domain 0).
 * Each instance installs a fresh data directory. Root has no password and connects from 127.0.0.1 only;
 * a password user {@code sluice}/{@code sluice} with all
 * privileges exists, so a wrong password fails as it would in production.
 *
 * <p>MariaDB refuses to run as root without being told to: when the JVM runs as root, the server runs as the
 * unprivileged OS user {@code mysql} (or {@code SLUICE_MARIADB_OS_USER}). Its Unix socket lives in a short
 * private folder under {@code /tmp} (socket paths are limited to 107 bytes, and checkouts can be deep); the
 * data stays under the given directory (usually in {@code target/}). The server is started through a shell
 * that stops it as soon as its standard input closes, so it never outlives the JVM. It never touches the
 * machine's own MariaDB service (3306): it has its own free port and {@code --no-defaults}.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String USER = "sluice";
    public static final String PASSWORD = "sluice";
    public static final String DATABASE = "sluice";
    /** The server id of the private server's binary log. */
    public static final int SERVER_ID = 7;

    private static final System.Logger LOG = System.getLogger(MariaDbServer.class.getName());
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    private final Path server;
    private final Path installDb;
    private final Path dataDir;
    private final Path socketDir;
    private final Path logFile;
    private final String osUser;
    private final int port;
    private Process process;

    private MariaDbServer(Path server, Path installDb, Path dataDir, Path socketDir, String osUser, int port) {
        this.server = server;
        this.installDb = installDb;
        this.dataDir = dataDir;
        this.socketDir = socketDir;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.osUser = osUser;
        this.port = port;
    }

    /**
     * Prepares a server in {@code dataDir} (wiped at {@link #start()}) with the machine's binaries
     * ({@code SLUICE_MARIADB_BIN} names a folder holding both, else {@code /usr/sbin/mariadbd} and
     * {@code /usr/bin/mariadb-install-db}, else the PATH).
     *
     * @throws InfrastructureException when the binaries or the OS user are missing
     */
    public static MariaDbServer create(Path dataDir) {
        Path bin = findBinary("mariadbd", SERVER);
        Path install = findBinary("mariadb-install-db", INSTALL_DB);
        String osUser = isRoot() ? System.getenv().getOrDefault("SLUICE_MARIADB_OS_USER", "mysql") : null;
        Path data = dataDir.toAbsolutePath();
        Path socketDir;
        try {
            if (osUser != null && !traversableByOthers(data.getParent())) {
                Path tmp = Files.createTempDirectory("sluice-mariadb-");
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                LOG.log(System.Logger.Level.INFO, "{0} is not reachable for OS user {1}; using {2} instead", data, osUser, tmp);
                data = tmp.resolve("data");
            }
            socketDir = Files.createTempDirectory(Path.of("/tmp"), "smdb");
            Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new InfrastructureException("Cannot prepare folders for MariaDB: " + e.getMessage(), e);
        }
        return new MariaDbServer(bin, install, data, socketDir, osUser, Ports.free());
    }

    /** Installs a fresh data directory, starts the server and creates the user and database; returns when it accepts connections. */
    public MariaDbServer start() {
        try {
            Directories.wipe(dataDir);
            Files.createDirectories(dataDir);
            Files.deleteIfExists(logFile);
            if (osUser != null) {
                UserPrincipal owner = owner();
                Files.setOwner(dataDir, owner);
                Files.setOwner(socketDir, owner);
            }
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            run(List.of(installDb.toString(), "--no-defaults", "--datadir=" + dataDir, "--auth-root-authentication-method=normal",
                    "--skip-test-db"));
        } catch (IOException e) {
            throw new InfrastructureException("Cannot prepare the MariaDB data directory " + dataDir + ": " + e.getMessage(), e);
        }
        launch();
        try (Connection connection = rootConnection(); Statement statement = connection.createStatement()) {
            // mariadb-install-db leaves anonymous accounts that would shadow the password user on localhost
            statement.execute("DROP USER IF EXISTS ''@'localhost'");
            statement.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            statement.execute("GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION");
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + DATABASE + "`");
        } catch (SQLException e) {
            throw new InfrastructureException("Cannot create user " + USER + " on the private MariaDB: " + e.getMessage(), e);
        }
        return this;
    }

    /** Stops the server and starts it again on the same data and port. */
    public void restart() {
        stop();
        launch();
    }

    /** Normal shutdown (SIGTERM); waits until the server is gone. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Creates a database if it does not exist. */
    public void createDatabase(String name) {
        createDatabase(jdbcUrl(""), USER, PASSWORD, name);
    }

    /** Creates a database on the server of {@code jdbcUrl} if it does not exist. */
    static void createDatabase(String jdbcUrl, String user, String password, String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + name.replace("`", "") + "`");
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

    /** JDBC URL of the default database ({@value #DATABASE}). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** JDBC URL of a database on this server (the empty name: no default database). */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + host() + ":" + port + "/" + database;
    }

    /** The server's Unix socket (for the command-line client: {@code mariadb -S <socket> -u root}). */
    public Path socket() {
        return socketDir.resolve("m.sock");
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A connection as the server's root user (no password, from 127.0.0.1 only: a test server). */
    public Connection rootConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("") + "?user=root");
    }

    @Override
    public void close() {
        stop();
        try {
            Directories.wipe(socketDir);
        } catch (IOException e) {
            // a stale empty folder under /tmp is harmless
        }
    }

    private void launch() {
        List<String> arguments = List.of(quote(server.toString()), "--no-defaults",
                "--datadir=" + quote(dataDir.toString()),
                "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                "--socket=" + quote(socket().toString()), "--pid-file=" + quote(socketDir.resolve("m.pid").toString()),
                "--log-error=" + quote(logFile.toString()),
                // what Debezium's MariaDB connector needs: the binary log, as rows, with every column of both images
                "--log-bin=" + quote(dataDir.resolve("binlog").toString()), "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--server-id=" + SERVER_ID, "--gtid-domain-id=0", "--gtid-strict-mode=ON",
                // a throwaway test server: small, and no fsync per commit (commits stay durable against a process crash)
                "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=48M", "--innodb-flush-log-at-trx-commit=2",
                "--sync-binlog=0", "--max-connections=300", "--performance-schema=OFF",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin");
        // The shell keeps mariadbd in the background and stops it (SIGTERM: normal shutdown) when stdin closes.
        String script = String.join(" ", arguments) + " & pid=$!; cat > /dev/null; kill -TERM $pid 2>/dev/null; wait $pid";
        // a session of its own, as PostgreSQL's: a signal to the caller's process group (the demo's Ctrl-C) would end
        // the shell and leave mariadbd (started in the background, so with SIGINT ignored) running without it
        ProcessBuilder builder = new ProcessBuilder(OwnSession.wrap(command(List.of("sh", "-c", script))));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InfrastructureException("Cannot start MariaDB from " + server + ": " + e.getMessage(), e);
        }
        try {
            awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new InfrastructureException("MariaDB exited at start (exit code " + process.exitValue() + "); its log "
                        + logFile + " ends with:\n" + LogTail.of(logFile, 20));
            }
            try (Connection ignored = rootConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("Interrupted while waiting for MariaDB", e);
            }
        }
        throw new InfrastructureException("MariaDB did not accept connections within " + timeout + " ("
                + (last == null ? "" : last.getMessage()) + "); its log ends with:\n" + LogTail.of(logFile, 20));
    }

    private void run(List<String> command) {
        // mariadb-install-db resolves some paths from the working directory; / is readable by every user.
        OsCommands.run(osUser, command, logFile, Path.of("/"), Duration.ofSeconds(120));
    }

    private List<String> command(List<String> command) {
        return OsCommands.asUser(osUser, command);
    }

    private UserPrincipal owner() throws IOException {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
        } catch (IOException e) {
            throw new InfrastructureException("OS user '" + osUser + "' does not exist; the private MariaDB does not run as root:"
                    + " create the user (useradd --system mysql; installing mariadb-server does) or name another with"
                    + " SLUICE_MARIADB_OS_USER", e);
        }
    }

    static Path findBinary(String name, Path usual) {
        String configured = System.getenv("SLUICE_MARIADB_BIN");
        if (configured != null && !configured.isBlank()) {
            Path candidate = Path.of(configured).resolve(name);
            if (!Files.isExecutable(candidate)) {
                throw new InfrastructureException("MariaDB binary " + name + " not found in " + configured
                        + ": point SLUICE_MARIADB_BIN at the folder holding mariadbd and mariadb-install-db");
            }
            return candidate;
        }
        if (Files.isExecutable(usual)) {
            return usual;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new InfrastructureException("MariaDB binary " + name + " not found in " + usual.getParent() + " or PATH:"
                + " install the server (apt-get install mariadb-server; its service need not run) or set SLUICE_MARIADB_BIN");
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
