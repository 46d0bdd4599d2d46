package io.sluice.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code scripts/demo --source=...}: one flag chooses where the legacy order system lives. */
class DemoSourceTest {

    @Test
    void postgresqlByDefaultMariaDbByTheFlag() {
        assertThat(DemoSource.fromArguments()).isEqualTo(DemoSource.POSTGRESQL);
        assertThat(DemoSource.fromArguments("--source=postgresql")).isEqualTo(DemoSource.POSTGRESQL);
        assertThat(DemoSource.fromArguments("--source=mariadb")).isEqualTo(DemoSource.MARIADB);
        assertThat(DemoSource.fromArguments("--source=MariaDB")).isEqualTo(DemoSource.MARIADB);
        assertThat(DemoSource.MARIADB.label()).isEqualTo("MariaDB");
    }

    @Test
    void anUnknownSourceOrArgumentIsNamedWithWhatTheDemoTakes() {
        assertThatThrownBy(() -> DemoSource.fromArguments("--source=oracle"))
                .hasMessage("unknown source 'oracle': use --source=postgresql or --source=mariadb (default: --source=postgresql)");
        assertThatThrownBy(() -> DemoSource.fromArguments("mariadb"))
                .hasMessageStartingWith("unknown argument 'mariadb': the demo takes --source=postgresql or --source=mariadb");
    }
}
