package io.sluice.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;

/**
 * A small legacy HR schema of the mapping preview's tests, with the hold-out style cases: a code column, YYYYMMDD dates
 * with a 00000000 sentinel, a native TIMESTAMP read in a zone, a composite key, a masked salary and child rows.
 */
public final class HrsSchema {

    /** A masked value: it must appear in no output. */
    public static final String SALARY = "98765.43";

    public static final String MAPPING = """
            table: HRS.EMPMST
            aggregate: employees
            key: [CO_CD, EMP_NO]
            codes:
              state: { A: ACTIVE, L: ON_LEAVE, T: TERMINATED }
            fields:
              company:   { column: CO_CD, convert: trim }
              number:    { column: EMP_NO, convert: integer }
              state:     { column: STS_CD, convert: code, codes: state }
              hiredOn:   { column: HIRE_DT, convert: date }
              lastLogin: { column: LAST_LOGIN, convert: timestamp, zone: Europe/Berlin }
              nickname:  { column: NICK_NM, convert: null-if-blank }
              salary:    { column: SALARY, mask: true }
            events:
              - type: EmployeeHired
                on: insert
                fields: [company, number, state, hiredOn, lastLogin, nickname, salary]
                collect:
                  skills:
                    table: HRS.EMPSKL
                    join: { CO_CD: CO_CD, EMP_NO: EMP_NO }
                    fields:
                      skill: { column: SKL_CD, convert: trim }
            """;

    private HrsSchema() {
    }

    /** Creates schema HRS with three employees (one with an unknown state code) and their skills in the given database. */
    public static void create(String database) throws SQLException {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(database), infra.user(),
                infra.password())) {
            connection.createStatement().execute("""
                    DROP SCHEMA IF EXISTS "HRS" CASCADE;
                    CREATE SCHEMA "HRS";
                    CREATE TABLE "HRS"."EMPMST" ("CO_CD" CHAR(4) NOT NULL, "EMP_NO" INTEGER NOT NULL, "STS_CD" CHAR(1) NOT NULL,
                        "HIRE_DT" CHAR(8) NOT NULL, "LAST_LOGIN" TIMESTAMP, "NICK_NM" VARCHAR(20), "SALARY" NUMERIC(9,2),
                        PRIMARY KEY ("CO_CD", "EMP_NO"));
                    CREATE TABLE "HRS"."EMPSKL" ("CO_CD" CHAR(4) NOT NULL, "EMP_NO" INTEGER NOT NULL, "SKL_CD" CHAR(6) NOT NULL,
                        PRIMARY KEY ("CO_CD", "EMP_NO", "SKL_CD"));
                    INSERT INTO "HRS"."EMPMST" VALUES
                        ('ACM', 7, 'A', '20190301', '2026-07-01 12:30:00', '   ', 98765.43),
                        ('ACM', 9, 'L', '00000000', NULL, NULL, 50000.00),
                        ('BLU', 7, 'Z', '20200101', NULL, NULL, 41000.00);
                    INSERT INTO "HRS"."EMPSKL" VALUES ('ACM', 7, 'JAVA'), ('ACM', 7, 'SQL'), ('ACM', 9, 'COBOL'), ('BLU', 7, 'RPG');
                    """);
        }
    }

    /**
     * The same schema as database HRS on the JVM's private MariaDB: the same rows, {@code DATETIME} for PostgreSQL's
     * {@code TIMESTAMP} (a wall-clock time with no zone; MariaDB's {@code TIMESTAMP} is an instant).
     *
     * @return the JDBC URL of database HRS
     */
    public static String createOnMariaDb() throws SQLException {
        MariaDbSource mariadb = MariaDbSource.shared();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("sluice"), mariadb.user(), mariadb.password());
                Statement sql = connection.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS HRS");
            sql.execute("CREATE DATABASE HRS");
            sql.execute("""
                    CREATE TABLE HRS.EMPMST (CO_CD CHAR(4) NOT NULL, EMP_NO INTEGER NOT NULL, STS_CD CHAR(1) NOT NULL,
                        HIRE_DT CHAR(8) NOT NULL, LAST_LOGIN DATETIME, NICK_NM VARCHAR(20), SALARY DECIMAL(9,2),
                        PRIMARY KEY (CO_CD, EMP_NO)) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4""");
            sql.execute("""
                    CREATE TABLE HRS.EMPSKL (CO_CD CHAR(4) NOT NULL, EMP_NO INTEGER NOT NULL, SKL_CD CHAR(6) NOT NULL,
                        PRIMARY KEY (CO_CD, EMP_NO, SKL_CD)) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4""");
            sql.execute("""
                    INSERT INTO HRS.EMPMST VALUES
                        ('ACM', 7, 'A', '20190301', '2026-07-01 12:30:00', '   ', 98765.43),
                        ('ACM', 9, 'L', '00000000', NULL, NULL, 50000.00),
                        ('BLU', 7, 'Z', '20200101', NULL, NULL, 41000.00)""");
            sql.execute("INSERT INTO HRS.EMPSKL VALUES ('ACM', 7, 'JAVA'), ('ACM', 7, 'SQL'), ('ACM', 9, 'COBOL'), ('BLU', 7, 'RPG')");
        }
        return mariadb.jdbcUrl("HRS");
    }
}
