package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkout can sit anywhere: a Unix-domain socket path is limited to 107 bytes, so the cluster must not put its
 * socket next to a data directory under a deep {@code target/} (issue #13, item 1).
 */
class PostgresClusterTest {

    @Test
    void startsFromADataDirectoryDeeperThanASocketPathAllows(@TempDir Path tmp) throws Exception {
        Path deep = tmp;
        while (deep.toString().length() < 160) {
            deep = deep.resolve("a-checkout-folder-of-a-user-" + deep.getNameCount());
        }
        Files.createDirectories(deep);
        // open to the OS user the cluster runs as under root, so the cluster keeps this very path
        for (Path p = deep; p.startsWith(tmp); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path dataDir = deep.resolve("postgres").resolve("data");
        assertThat((dataDir + "/.s.PGSQL.65535").length()).as("a socket beside the data would overflow").isGreaterThan(107);

        try (PostgresCluster cluster = PostgresCluster.create(null, dataDir).start();
                Connection connection = DriverManager.getConnection(cluster.jdbcUrl(), PostgresCluster.USER, PostgresCluster.PASSWORD)) {
            assertThat(cluster.dataDir()).isEqualTo(dataDir.toAbsolutePath());
            ResultSet walLevel = connection.createStatement().executeQuery("SHOW wal_level");
            walLevel.next();
            assertThat(walLevel.getString(1)).isEqualTo("logical");
        }
    }
}
