package io.sluice.testkit.oms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The legacy application's statements, written once, in each family's dialect. */
class LegacySqlTest {

    @Test
    void theFamilyFollowsFromTheJdbcUrl() {
        assertThat(LegacySql.of("jdbc:postgresql://127.0.0.1:5432/oms")).isEqualTo(LegacySql.POSTGRESQL);
        assertThat(LegacySql.of("jdbc:mariadb://127.0.0.1:3306/oms")).isEqualTo(LegacySql.MARIADB);
        assertThat(LegacySql.of("jdbc:mysql://127.0.0.1:3306/oms")).isEqualTo(LegacySql.MARIADB);
        assertThat(LegacyOms.isMariaDb("jdbc:mariadb://h/oms")).isTrue();
        assertThat(LegacyOms.isMariaDb("jdbc:postgresql://h/oms")).isFalse();
    }

    @Test
    void mariaDbQuotesIdentifiersWithBackticksAndDrawsOrderNumbersWithItsNextval() {
        String standard = "UPDATE \"OMS\".\"ORDHDR\" SET \"ORD_STS\" = ? WHERE \"ORD_NO\" = ?";
        assertThat(LegacySql.POSTGRESQL.statement(standard)).isEqualTo(standard);
        assertThat(LegacySql.MARIADB.statement(standard)).isEqualTo("UPDATE `OMS`.`ORDHDR` SET `ORD_STS` = ? WHERE `ORD_NO` = ?");
        assertThat(LegacySql.POSTGRESQL.nextOrderNo()).isEqualTo("SELECT nextval('\"OMS\".\"ORDNO_SEQ\"')");
        assertThat(LegacySql.MARIADB.nextOrderNo()).isEqualTo("SELECT NEXTVAL(`OMS`.`ORDNO_SEQ`)");
        assertThat(LegacySql.POSTGRESQL.migrations()).isEqualTo("classpath:db/legacy-oms");
        assertThat(LegacySql.MARIADB.migrations()).isEqualTo("classpath:db/mariadb/legacy-oms");
    }
}
