package io.sluice.relay.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.SourceDatabase;

class SourceFamilyTest {

    @ParameterizedTest
    @CsvSource({
            "jdbc:postgresql://db:5432/oms, PostgreSQL",
            "jdbc:mariadb://db:3306/oms, MariaDB",
            "jdbc:mysql://db:3306/oms, MariaDB"})
    void theFamilyFollowsFromTheJdbcUrl(String url, String family) {
        assertThat(SourceFamily.of(url).displayName()).isEqualTo(family);
    }

    @Test
    void anUnknownUrlNamesTheFormsTheRelayReads() {
        assertThatThrownBy(() -> SourceFamily.of("jdbc:oracle:thin:@db:1521/ORCL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:oracle:thin:@db:1521/ORCL")
                .hasMessageContaining("jdbc:postgresql://").hasMessageContaining("jdbc:mariadb://");
    }

    @Test
    void aMariaDbUrlGivesHostPortAndDatabase() {
        SourceDatabase database = SourceDatabase.of("jdbc:mariadb://legacy-db:3307/oms?useSsl=false", "relay", "pw");
        assertThat(database.host()).isEqualTo("legacy-db");
        assertThat(database.port()).isEqualTo(3307);
        assertThat(database.database()).isEqualTo("oms");
        assertThat(SourceDatabase.of("jdbc:mysql://legacy-db/oms", "relay", null).port()).isEqualTo(3306);
    }

    @Test
    void aMariaDbUrlWithoutHostIsOneClearLine() {
        assertThatThrownBy(() -> SourceDatabase.of("jdbc:mariadb:oms", "relay", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mariadb://<host>:<port>/<database>");
    }

    @Test
    void eachFamilyQuotesAndAgesOutRowsInItsOwnSql() {
        TableId outbox = new TableId("sluice", "outbox_event");
        assertThat(SourceFamily.of("jdbc:mariadb://h/d").deleteOlderThan(outbox, "timestamp"))
                .isEqualTo("DELETE FROM `sluice`.`outbox_event` WHERE `timestamp` < NOW(6) - INTERVAL ? SECOND");
        assertThat(SourceFamily.of("jdbc:postgresql://h/d").deleteOlderThan(outbox, "timestamp"))
                .isEqualTo("DELETE FROM \"sluice\".\"outbox_event\" WHERE \"timestamp\" < now() - make_interval(secs => ?)");
    }

    @Test
    void theReplicaServerIdIsStablePerStreamAndAwayFromSmallIds() {
        assertThat(MariaDbFamily.serverId("sluice")).isEqualTo(MariaDbFamily.serverId("sluice")).isBetween(1_000_000L, 1_999_999L);
        assertThat(MariaDbFamily.serverId("sluice")).isNotEqualTo(MariaDbFamily.serverId("orders"));
    }

    @Test
    void theDatasourceDriverPicksTheFamilysDriver() throws Exception {
        SourceDriver driver = new SourceDriver();
        assertThat(driver.acceptsURL("jdbc:postgresql://h/d")).isTrue();
        assertThat(driver.acceptsURL("jdbc:mariadb://h/d")).isTrue();
        assertThat(driver.acceptsURL("jdbc:mysql://h/d")).isTrue();
        assertThat(driver.acceptsURL("jdbc:oracle:thin:@h:1521/d")).isFalse();
        assertThat(driver.connect("jdbc:oracle:thin:@h:1521/d", new java.util.Properties())).isNull();
    }
}
