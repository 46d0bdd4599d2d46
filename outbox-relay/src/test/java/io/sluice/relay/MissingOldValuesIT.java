package io.sluice.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.process.AppProcess;

/**
 * Issue 13: the packaged relay refuses to start when a mapping rule reads old values that the table's replica identity
 * does not log, naming table, rule, columns and the fix, in one line; once the DBA runs the fix, it starts.
 */
class MissingOldValuesIT {

    private static final Path RELAY_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final String DATABASE = "ri_failures";
    private AppProcess relay;

    @BeforeAll
    static void tableWithDefaultReplicaIdentity() throws SQLException {
        INFRA.createDatabase(DATABASE);
        try (Connection sql = DriverManager.getConnection(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password())) {
            sql.createStatement().execute("""
                    DROP SCHEMA IF EXISTS "RI" CASCADE;
                    CREATE SCHEMA "RI";
                    CREATE TABLE "RI"."PAYMENT" ("PAY_NO" INTEGER PRIMARY KEY, "AMT" INTEGER NOT NULL, "PAID_DT" CHAR(8))""");
        }
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void rulesReadingUnloggedOldValuesStopTheRelayNamingTableRuleColumnsAndFix(@TempDir Path logs) throws Exception {
        relay = start(logs, mappings(logs));

        assertThat(relay.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(relay.log())
                .contains(
                        "Sluice relay cannot start: Mapping rules read old values the source does not log: RI.PAYMENT: event PaymentVoided"
                                + " (payments.yaml, on delete) needs the old values of [PAY_NO, AMT, PAID_DT], but the source logs the old values of"
                                + " [PAY_NO] only (REPLICA IDENTITY DEFAULT: primary key [PAY_NO]); run ALTER TABLE \"RI\".\"PAYMENT\" REPLICA IDENTITY FULL;")
                .contains("RI.PAYMENT: event PaymentRepriced (payments.yaml, on update) needs the old value of [AMT]")
                .contains("RI.PAYMENT: event PaymentRedated (payments.yaml, on update) needs the old value of [PAID_DT]")
                .contains("RI.PAYMENT: event PaymentAmountCorrected (payments.yaml, on update) needs the old value of [AMT]")
                .contains("sluice.mapping.missing-old-values=dead-letter")
                .doesNotContain("\tat ");
    }

    @Test
    void withTheFixAppliedTheRelayStarts(@TempDir Path logs) throws Exception {
        try (Connection sql = DriverManager.getConnection(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password())) {
            sql.createStatement().execute("""
                    CREATE TABLE "RI"."REFUND" ("REF_NO" INTEGER PRIMARY KEY, "AMT" INTEGER NOT NULL);
                    ALTER TABLE "RI"."REFUND" REPLICA IDENTITY FULL""");
        }
        Path mappings = Files.createDirectories(logs.resolve("mappings"));
        Files.writeString(mappings.resolve("refunds.yaml"), """
                table: RI.REFUND
                aggregate: ri-refunds
                key: [REF_NO]
                fields:
                  refundId: { column: REF_NO, convert: string }
                  amount:   { column: AMT, convert: cents }
                events:
                  - { type: RefundVoided, on: delete }
                """);
        relay = start(logs, mappings);

        relay.awaitReady(Duration.ofSeconds(90));
        assertThat(relay.log()).doesNotContain("old values the source does not log");
    }

    private static Path mappings(Path dir) throws IOException {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("payments.yaml"),
                """
                        table: RI.PAYMENT
                        aggregate: ri-payments
                        key: [PAY_NO]
                        fields:
                          paymentId: { column: PAY_NO, convert: string }
                          amount:    { column: AMT, convert: cents }
                          paidOn:    { column: PAID_DT, convert: date }
                          oldAmount: { column: AMT, image: before, convert: cents }
                        events:
                          - { type: PaymentRecorded, on: insert }
                          - { type: PaymentVoided, on: delete, fields: [paymentId, amount, paidOn] }
                          - { type: PaymentRepriced, on: update, when: { changed: [AMT] }, fields: [paymentId, amount] }
                          - { type: PaymentRedated, on: update, when: { transition: { column: PAID_DT, from: '00000000', to: '20261124' } }, fields: [paymentId] }
                          - { type: PaymentAmountCorrected, on: update, fields: [paymentId, oldAmount] }
                        """);
        return mappings;
    }

    private AppProcess start(Path logs, Path mappings) {
        return AppProcess.of("relay", RELAY_JAR, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(DATABASE),
                "QUARKUS_DATASOURCE_USERNAME", INFRA.user(),
                "QUARKUS_DATASOURCE_PASSWORD", INFRA.password(),
                "KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap(),
                "SLUICE_MAPPING_DIR", mappings.toString(),
                "SLUICE_SOURCE_NAME", "ri",
                "SLUICE_SOURCE_SLOT_NAME", "ri_failures"), logs.resolve("relay.log"), Ports.free()).start();
    }
}
