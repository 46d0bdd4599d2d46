package io.sluice.relay;

import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * Issue 18, point 5: a column no mapping reads never leaves the database. The relay readies its publication with a column
 * list (PostgreSQL 15); a second replication slot decoding that publication shows what pgoutput sends the relay, and the
 * dead-letter record shows the row the relay received. Neither, nor any record on Kafka, holds the unmapped column's value;
 * the same slot decoding a publication of the whole table does (so the test can fail).
 */
@QuarkusTest
@TestProfile(UnmappedColumnTest.NarrowedPublication.class)
@QuarkusTestResource(RelayTestResource.class)
class UnmappedColumnTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String PUBLICATION = "pii_columns";
    private static final String SECRET = "SSN-0c5e";

    public static class NarrowedPublication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            SluiceInfrastructure.shared().createDatabase(LegacyOmsSourceResource.DATABASE);
            try (Connection sql = source()) {
                sql.createStatement().execute("""
                        CREATE SCHEMA IF NOT EXISTS "PII";
                        CREATE TABLE IF NOT EXISTS "PII"."CUST" ("CUST_NO" INTEGER PRIMARY KEY, "NAME" VARCHAR(40),
                            "SINCE_DT" CHAR(8), "SSN" TEXT)""");
                Path mappings = Files.createTempDirectory("sluice-pii-mappings");
                Files.writeString(mappings.resolve("customers.yaml"), """
                        table: PII.CUST
                        aggregate: pii-customers
                        key: [CUST_NO]
                        fields:
                          customerId: { column: CUST_NO, convert: string }
                          name:       { column: NAME, convert: trim }
                          since:      { column: SINCE_DT, convert: date }
                        events:
                          - { type: CustomerRegistered, on: insert }
                          - { type: CustomerChanged, on: update }
                        """);
                return Map.of("sluice.mapping.dir", mappings.toString(),
                        "sluice.source.slot-name", "pii_columns",
                        "sluice.source.publication-name", PUBLICATION,
                        "sluice.source.offset-table", "sluice.pii_columns_offsets");
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("Cannot prepare PII.CUST and its mapping: " + e.getMessage(), e);
            }
        }
    }

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> io.restassured.RestAssured.when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void anUnmappedColumnsValueIsNeitherInTheChangeStreamNorInTheRelaysChangeNorOnKafka() throws Exception {
        try (Connection sql = source();
                Statement s = sql.createStatement();
                var topics = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "pii-customers.events",
                        "sluice.dead-letter")) {
            assertThat(publishedColumns(s)).isEqualTo("{CUST_NO,NAME,SINCE_DT}");
            s.execute("DROP PUBLICATION IF EXISTS pii_whole");
            s.execute("CREATE PUBLICATION pii_whole FOR TABLE \"PII\".\"CUST\"");
            s.execute("SELECT pg_create_logical_replication_slot('pii_probe', 'pgoutput')");
            try {
                s.execute("INSERT INTO \"PII\".\"CUST\" VALUES (1, 'Ada Marker-4711', '20261201', '" + SECRET + "-inserted')");
                s.execute("UPDATE \"PII\".\"CUST\" SET \"NAME\" = 'Ada Renamed-4712', \"SSN\" = '" + SECRET
                        + "-updated' WHERE \"CUST_NO\" = 1");
                s.execute("INSERT INTO \"PII\".\"CUST\" VALUES (2, 'Bad Date-4713', 'notadate', '" + SECRET + "-dead-lettered')");

                ConsumerRecord<String, String> deadLetter = await().atMost(PATIENCE).until(() -> topics.poll().stream()
                        .filter(r -> "PII.CUST".equals(header(r, "sluice_dlq_table"))).findFirst().orElse(null), r -> r != null);
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(topics.poll())
                        .anySatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("CustomerRegistered"))
                        .anySatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("CustomerChanged")));

                // the row the relay received: the mapped columns and key, nothing else
                assertThat(deadLetter.value()).contains("Bad Date-4713").doesNotContain(SECRET).doesNotContain("SSN");
                for (ConsumerRecord<String, String> record : topics.poll()) {
                    assertThat(everything(record)).doesNotContain(SECRET);
                }
                // what pgoutput sends through the relay's publication, and through one of the whole table
                assertThat(decoded(s, PUBLICATION)).contains("Ada Marker-4711", "Ada Renamed-4712").doesNotContain(SECRET);
                assertThat(decoded(s, "pii_whole")).contains(SECRET + "-inserted", SECRET + "-updated");
            } finally {
                s.execute("SELECT pg_drop_replication_slot('pii_probe')");
                s.execute("DROP PUBLICATION pii_whole");
            }
        }
    }

    private static String publishedColumns(Statement s) throws SQLException {
        try (ResultSet result = s.executeQuery("SELECT attnames::text FROM pg_publication_tables WHERE pubname = '" + PUBLICATION
                + "' AND schemaname = 'PII' AND tablename = 'CUST'")) {
            assertThat(result.next()).as("publication %s publishes PII.CUST", PUBLICATION).isTrue();
            return result.getString(1);
        }
    }

    /** Every change of the probe slot, as pgoutput encodes it for the publication (peeked: the slot does not move). */
    private static String decoded(Statement s, String publication) throws SQLException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ResultSet result = s.executeQuery("SELECT data FROM pg_logical_slot_peek_binary_changes('pii_probe', NULL, NULL,"
                + " 'proto_version', '1', 'publication_names', '" + publication + "')")) {
            while (result.next()) {
                bytes.writeBytes(result.getBytes(1));
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String everything(ConsumerRecord<String, String> record) {
        StringBuilder text = new StringBuilder().append(record.key()).append(' ').append(record.value());
        for (Header header : record.headers()) {
            text.append(' ').append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static Connection source() throws SQLException {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return DriverManager.getConnection(infra.jdbcUrl(LegacyOmsSourceResource.DATABASE), infra.user(), infra.password());
    }
}
