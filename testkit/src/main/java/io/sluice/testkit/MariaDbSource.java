package io.sluice.testkit;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A MariaDB server for one JVM: the private {@link MariaDbServer}, started on first use and stopped when the
 * JVM ends, or an existing server named by {@code SLUICE_MARIADB_URL} (with {@code SLUICE_MARIADB_USER},
 * {@code SLUICE_MARIADB_PASSWORD}; environment or system property), which must have the binary log in ROW
 * format with full row images. Never the machine's own service on 3306 unless named explicitly.
 */
public final class MariaDbSource implements SourceServer {

    private static MariaDbSource shared;

    private final MariaDbServer server;
    private final String externalJdbcUrl;
    private final String user;
    private final String password;

    private MariaDbSource(MariaDbServer server, String externalJdbcUrl, String user, String password) {
        this.server = server;
        this.externalJdbcUrl = externalJdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * The MariaDB of this JVM, started on first call.
     *
     * @throws InfrastructureException with a one-line cause when the server cannot start
     */
    public static synchronized MariaDbSource shared() {
        if (shared == null) {
            registerDriver();
            String url = setting("SLUICE_MARIADB_URL");
            if (url != null) {
                shared = new MariaDbSource(null, url, setting("SLUICE_MARIADB_USER"),
                        Optional.ofNullable(setting("SLUICE_MARIADB_PASSWORD")).orElse(""));
            } else {
                MariaDbServer server = MariaDbServer.create(Path.of("target", "sluice-infra", "run-" + ProcessHandle.current().pid(),
                        "mariadb", "data")).start();
                shared = new MariaDbSource(server, null, MariaDbServer.USER, MariaDbServer.PASSWORD);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sluice-mariadb-stop"));
                // one server per JVM: Quarkus tests load this class again in their own class loader, whose shared() then
                // finds this server here instead of starting a second one on the same data folder
                System.setProperty("SLUICE_MARIADB_URL", server.jdbcUrl());
                System.setProperty("SLUICE_MARIADB_USER", MariaDbServer.USER);
                System.setProperty("SLUICE_MARIADB_PASSWORD", MariaDbServer.PASSWORD);
            }
        }
        return shared;
    }

    /**
     * Makes MariaDB's driver known to {@link DriverManager} in this class loader. Quarkus tests load this class again per
     * application (one per test profile) in a class loader of their own; DriverManager looks for drivers once per JVM and
     * hands a caller only drivers its own class loader sees, and the driver of a stopped application is gone: the second
     * MariaDB profile in a JVM found "No suitable driver" (MariaDbIncrementalSnapshotTest, then MariaDbLegacyCaptureTest).
     */
    private static void registerDriver() {
        boolean known = DriverManager.drivers().anyMatch(d -> d.getClass() == org.mariadb.jdbc.Driver.class);
        if (!known) {
            try {
                DriverManager.registerDriver(new org.mariadb.jdbc.Driver());
            } catch (SQLException e) {
                throw new InfrastructureException("Cannot register MariaDB's JDBC driver: " + e.getMessage(), e);
            }
        }
    }

    /** JDBC URL of the default database ({@code sluice}, or the external one). */
    public String jdbcUrl() {
        return server != null ? server.jdbcUrl() : externalJdbcUrl;
    }

    /** JDBC URL of another database on the same server. */
    @Override
    public String jdbcUrl(String database) {
        if (server != null) {
            return server.jdbcUrl(database);
        }
        int slash = externalJdbcUrl.indexOf('/', externalJdbcUrl.indexOf("//") + 2);
        int query = externalJdbcUrl.indexOf('?');
        String base = slash < 0 ? (query < 0 ? externalJdbcUrl : externalJdbcUrl.substring(0, query)) : externalJdbcUrl.substring(0, slash);
        return base + "/" + database + (query >= 0 ? externalJdbcUrl.substring(query) : "");
    }

    /** Creates a database on the server if it does not exist. */
    @Override
    public void createDatabase(String database) {
        MariaDbServer.createDatabase(jdbcUrl(""), user, password, database);
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    /** The private server, when this JVM started one (for restart tests). */
    public Optional<MariaDbServer> server() {
        return Optional.ofNullable(server);
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
