package io.sluice.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.sluice.testkit.SluiceInfrastructure;

/**
 * A small legacy HR schema of the mapping preview's tests, with the hold-out style cases: a code column, YYYYMMDD dates
 * with a 00000000 sentinel, a native TIMESTAMP read in a zone, a composite key, a masked salary and child rows.
 */
final class HrsSchema {

    /** A masked value: it must appear in no output. */
    static final String SALARY = "98765.43";

    static final String MAPPING = """
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
    static void create(String database) throws SQLException {
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
}
