package io.sluice.relay.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sluice.testkit.MariaDbSource;

/** The start-up checks on the real MariaDB: its own variables only; MySQL's would fail the whole check (issue #17). */
class MariaDbStartupChecksTest {

    private static final MariaDbSource MARIADB = MariaDbSource.shared();

    @Test
    void aWellConfiguredMariaDbHasNoStartupProblems() throws SQLException {
        try (Connection connection = connection()) {
            assertThat(SourceFamily.of(MARIADB.jdbcUrl()).startupProblems(connection, MARIADB.user(), Set.of())).isEmpty();
        }
    }

    @Test
    void mariaDbDoesNotKnowTheVariableOnlyMySqlIsAskedFor() throws SQLException {
        try (Connection connection = connection()) {
            assertThatThrownBy(() -> connection.createStatement().executeQuery(MySqlFamily.INSTANCE.settingsQuery()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("binlog_row_value_options");
        }
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(MARIADB.jdbcUrl(), MARIADB.user(), MARIADB.password());
    }
}
