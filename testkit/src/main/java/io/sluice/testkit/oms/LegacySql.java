package io.sluice.testkit.oms;

/**
 * What differs between the database families when the legacy application writes its OMS: the only seam the legacy
 * side of the demo, the traffic simulator and the tests need. The statements of {@link LegacyOms} are written once,
 * with identifiers quoted the standard way ({@code "OMS"."ORDHDR"}); each family turns them into its own dialect.
 */
enum LegacySql {

    /** PostgreSQL: standard quoting, sequences drawn with {@code nextval('schema.seq')}. */
    POSTGRESQL("classpath:db/legacy-oms", "SELECT nextval('\"OMS\".\"ORDNO_SEQ\"')") {
        @Override
        String statement(String standardSql) {
            return standardSql;
        }
    },
    /** MariaDB/MySQL (without {@code ANSI_QUOTES}): identifiers in backticks, sequences drawn with {@code NEXTVAL(db.seq)}. */
    MARIADB("classpath:db/mariadb/legacy-oms", "SELECT NEXTVAL(`OMS`.`ORDNO_SEQ`)") {
        @Override
        String statement(String standardSql) {
            return standardSql.replace('"', '`');
        }
    };

    private final String migrations;
    private final String nextOrderNo;

    LegacySql(String migrations, String nextOrderNo) {
        this.migrations = migrations;
        this.nextOrderNo = nextOrderNo;
    }

    /** The family of a JDBC URL: {@code jdbc:mariadb:} and {@code jdbc:mysql:} are MariaDB/MySQL, anything else PostgreSQL. */
    static LegacySql of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:") ? MARIADB : POSTGRESQL;
    }

    /** The Flyway location of the OMS schema for this family (the same tables, columns and codes). */
    String migrations() {
        return migrations;
    }

    /** The query that draws the next order number from {@code OMS.ORDNO_SEQ}. */
    String nextOrderNo() {
        return nextOrderNo;
    }

    /** A statement written with standard identifier quoting, in this family's dialect. */
    abstract String statement(String standardSql);
}
