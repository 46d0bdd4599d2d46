package io.sluice.relay;

import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * Issue 13: a delete rule reading non-key columns of a table with PostgreSQL's default replica identity (the old tuple
 * holds the primary key only). With {@code sluice.mapping.missing-old-values=dead-letter} the relay starts, and each
 * delete goes to the dead-letter topic with the fix; no event carries the defaults Debezium puts in the unlogged columns' place.
 */
@QuarkusTest
@TestProfile(MissingOldValuesDeadLetterTest.DeadLetterMissingOldValues.class)
@QuarkusTestResource(RelayTestResource.class)
class MissingOldValuesDeadLetterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    public static class DeadLetterMissingOldValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            SluiceInfrastructure infra = SluiceInfrastructure.shared();
            infra.createDatabase(LegacyOmsSourceResource.DATABASE);
            try (Connection sql = source()) {
                sql.createStatement().execute(
                        """
                                CREATE SCHEMA IF NOT EXISTS "RI";
                                CREATE TABLE IF NOT EXISTS "RI"."PAYMENT" ("PAY_NO" INTEGER PRIMARY KEY, "AMT" INTEGER NOT NULL, "PAID_DT" CHAR(8))""");
                Path mappings = Files.createTempDirectory("sluice-ri-mappings");
                Files.writeString(mappings.resolve("payments.yaml"), """
                        table: RI.PAYMENT
                        aggregate: ri-payments
                        key: [PAY_NO]
                        fields:
                          paymentId: { column: PAY_NO, convert: string }
                          amount:    { column: AMT, convert: cents }
                          paidOn:    { column: PAID_DT, convert: date }
                        events:
                          - { type: PaymentRecorded, on: insert }
                          - { type: PaymentVoided, on: delete }
                        """);
                return Map.of("sluice.mapping.dir", mappings.toString(),
                        "sluice.mapping.missing-old-values", "dead-letter",
                        "sluice.source.slot-name", "ri_dead_letter",
                        "sluice.source.publication-name", "ri_dead_letter",
                        "sluice.source.offset-table", "sluice.ri_dead_letter_offsets");
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("Cannot prepare RI.PAYMENT and its mapping: " + e.getMessage(), e);
            }
        }
    }

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> io.restassured.RestAssured.when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aDeleteWhoseOldValuesAreNotLoggedIsDeadLetteredWithTheFixAndNoEventIsPublished() throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        try (Connection sql = source();
                var topics = new io.sluice.testkit.kafka.RecordCollector(infra.kafkaBootstrap(), "ri-payments.events",
                        "sluice.dead-letter")) {
            sql.createStatement().execute("INSERT INTO \"RI\".\"PAYMENT\" VALUES (7, 2550, '20261124')");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(topics.poll())
                    .anySatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("PaymentRecorded")));

            sql.createStatement().execute("DELETE FROM \"RI\".\"PAYMENT\" WHERE \"PAY_NO\" = 7");
            ConsumerRecord<String, String> deadLetter = await().atMost(PATIENCE).until(() -> topics.poll().stream()
                    .filter(r -> r.topic().equals("sluice.dead-letter") && "RI.PAYMENT".equals(header(r, "sluice_dlq_table")))
                    .findFirst().orElse(null), r -> r != null);
            assertThat(deadLetter.key()).isEqualTo("7");
            assertThat(header(deadLetter, "sluice_dlq_reason"))
                    .contains("event PaymentVoided (payments.yaml, on delete) needs the old values of [PAY_NO, AMT, PAID_DT]")
                    .contains("REPLICA IDENTITY DEFAULT: primary key [PAY_NO]")
                    .contains("run ALTER TABLE \"RI\".\"PAYMENT\" REPLICA IDENTITY FULL;");

            // a later change is published: the stream went on, and the delete yielded no event before it
            sql.createStatement().execute("INSERT INTO \"RI\".\"PAYMENT\" VALUES (8, 100, '20261125')");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(topics.poll()).anySatisfy(r -> {
                assertThat(header(r, "ce_type")).isEqualTo("PaymentRecorded");
                assertThat(r.key()).isEqualTo("8");
            }));
            List<ConsumerRecord<String, String>> events = topics.poll().stream().filter(r -> r.topic().equals("ri-payments.events"))
                    .toList();
            assertThat(events).extracting(r -> header(r, "ce_type")).doesNotContain("PaymentVoided");
        }
    }

    private static Connection source() throws SQLException {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return DriverManager.getConnection(infra.jdbcUrl(LegacyOmsSourceResource.DATABASE), infra.user(), infra.password());
    }
}
