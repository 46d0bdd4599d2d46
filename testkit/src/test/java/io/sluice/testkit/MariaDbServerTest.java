package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbServerTest {

    private final MariaDbSource mariadb = MariaDbSource.shared();

    @Test
    void theBinaryLogIsWhatDebeziumNeeds() throws SQLException {
        Map<String, String> variables = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(), mariadb.user(), mariadb.password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image,"
                        + " @@server_id, @@gtid_strict_mode, @@port")) {
            rows.next();
            variables.put("log_bin", rows.getString(1));
            variables.put("binlog_format", rows.getString(2));
            variables.put("binlog_row_image", rows.getString(3));
            variables.put("server_id", rows.getString(4));
            variables.put("gtid_strict_mode", rows.getString(5));
            assertThat(rows.getInt(6)).isNotEqualTo(3306);
        }
        assertThat(variables).containsEntry("log_bin", "1").containsEntry("binlog_format", "ROW")
                .containsEntry("binlog_row_image", "FULL").containsEntry("server_id", "7").containsEntry("gtid_strict_mode", "1");
    }

    @Test
    void aCommitWritesAGtid() throws SQLException {
        mariadb.createDatabase("gtid_probe");
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("gtid_probe"), mariadb.user(), mariadb.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS t (v INT)");
            statement.execute("INSERT INTO t VALUES (1)");
            ResultSet gtid = statement.executeQuery("SELECT @@gtid_binlog_pos");
            gtid.next();
            assertThat(gtid.getString(1)).matches("0-7-\\d+");
        }
    }

    @Test
    void aWrongPasswordIsRejected() {
        assertThatThrownBy(() -> DriverManager.getConnection(mariadb.jdbcUrl(), mariadb.user(), "not-the-password"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
    }

    @Test
    void dataIsKeptOverARestart() throws SQLException {
        MariaDbServer server = mariadb.server().orElseThrow();
        mariadb.createDatabase("restart_probe");
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("restart_probe"), mariadb.user(), mariadb.password())) {
            connection.createStatement().execute("CREATE TABLE kept (v VARCHAR(20))");
            connection.createStatement().execute("INSERT INTO kept VALUES ('still here')");
        }
        server.restart();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("restart_probe"), mariadb.user(), mariadb.password())) {
            ResultSet kept = connection.createStatement().executeQuery("SELECT v FROM kept");
            kept.next();
            assertThat(kept.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void aServerUnderADeepFolderStartsAndStopsWithoutLeavingAProcess(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = dir.resolve("a-rather-long-folder-name-as-checkouts-have/" + "x".repeat(60) + "/target/sluice-infra/mariadb/data");
        Files.createDirectories(deep.getParent());
        for (Path p = deep.getParent(); !p.equals(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        MariaDbServer server = MariaDbServer.create(deep).start();
        try {
            assertThat(server.socket().toString().length()).isLessThan(107);
            assertThat(server.dataDir()).isEqualTo(deep.toAbsolutePath());
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), MariaDbServer.USER, MariaDbServer.PASSWORD)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        } finally {
            server.close();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("mariadbd"))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(deep.toString())).orElse(false))
                .count()).isZero());
    }
}
