package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.relay.AlteredTables.admin;
import static io.sluice.relay.AlteredTables.reload;
import static io.sluice.relay.AlteredTables.source;
import static io.sluice.relay.AlteredTables.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * Issue 18, point 3: {@code ALTER TABLE} on captured tables while the relay streams. Each case has a table and a mapping
 * file of its own ({@code sc.<case>}, {@code <case>.yaml}): a column added breaks nothing and is mapped after a reload;
 * an unmapped column dropped changes nothing; a mapped column dropped, renamed or retyped is dead-lettered naming the
 * column and the file (never published with a null or a value of another shape), readiness says so in one sentence, the
 * other tables stream on, and once the fixed mapping is reloaded the dead letter replays.
 * <p>
 * The relay captures every column here ({@code sluice.source.capture-columns=all}), as it receives them from a publication
 * without column lists (PostgreSQL before 15, {@code FOR ALL TABLES}, a DBA's publication): PostgreSQL then lets the
 * columns go. With Sluice's own column lists PostgreSQL refuses to drop or retype a mapped column:
 * {@link PublishedColumnChangesTest}.
 */
@QuarkusTest
@TestProfile(SchemaChangesTest.OwnTablesAndMappings.class)
@QuarkusTestResource(RelayTestResource.class)
class SchemaChangesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final List<String> CASES = List.of("added", "unmapped", "dropped", "renamed", "retyped", "steady");
    private static final AlteredTables TABLES = new AlteredTables("sc", Path.of("target", "schema-changes-mappings").toAbsolutePath());

    public static class OwnTablesAndMappings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            SluiceInfrastructure.shared().createDatabase(LegacyOmsSourceResource.DATABASE);
            try (Connection sql = source()) {
                sql.createStatement().execute("DROP SCHEMA IF EXISTS sc CASCADE; CREATE SCHEMA sc");
                for (String name : CASES) {
                    sql.createStatement().execute("CREATE TABLE sc." + name
                            + " (id INTEGER PRIMARY KEY, name VARCHAR(40), price NUMERIC(10,2), note TEXT)");
                    TABLES.writeMapping(name, "  name:   { column: name, convert: trim }\n  price:  { column: price }\n");
                }
                return Map.of("sluice.mapping.dir", TABLES.mappingDir().toString(),
                        "sluice.source.slot-name", "schema_changes",
                        "sluice.source.publication-name", "schema_changes",
                        "sluice.source.offset-table", "sluice.schema_changes_offsets",
                        "sluice.source.capture-columns", "all");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot prepare the sc tables and their mappings: " + e.getMessage(), e);
            }
        }
    }

    @BeforeEach
    void relayStreams() {
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aColumnAddedBreaksNothingAndIsMappedAfterAReload() throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "sc-added.events")) {
            sql("ALTER TABLE sc.added ADD COLUMN colour TEXT");
            sql("INSERT INTO sc.added VALUES (1, 'Ann', 1.50, 'n', 'red')");
            assertThat(eventOf(events, "1")).contains("\"price\":1.50").doesNotContain("colour");

            TABLES.writeMapping("added",
                    "  name:   { column: name, convert: trim }\n  price:  { column: price }\n  colour: { column: colour }\n");
            assertThat(reload().statusCode(200).extract().jsonPath().getList("table")).contains("sc.added");
            sql("INSERT INTO sc.added VALUES (2, 'Bob', 2.50, 'n', 'blue')");
            assertThat(eventOf(events, "2")).contains("\"colour\":\"blue\"");
        }
    }

    @Test
    void anUnmappedColumnDroppedChangesNothing() throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "sc-unmapped.events")) {
            sql("ALTER TABLE sc.unmapped DROP COLUMN note");
            sql("INSERT INTO sc.unmapped VALUES (1, 'Ann', 2.00)");
            assertThat(eventOf(events, "1")).contains("\"price\":2.00");
            given().get("/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    void aMappedColumnDroppedIsDeadLetteredUntilTheFixedMappingIsReloadedThenReplayed() throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "sc-dropped.events",
                "sc-steady.events")) {
            sql("ALTER TABLE sc.dropped DROP COLUMN price");
            sql("INSERT INTO sc.dropped VALUES (1, 'Ann', 'n')");
            Map<String, Object> deadLetter = deadLetterOf("sc.dropped", "1");
            assertThat((String) deadLetter.get("reason"))
                    .contains("column price of sc.dropped, which dropped.yaml maps, is not in the change");
            readinessSays("sc.dropped changed under its mapping: column price (dropped.yaml) is gone (dropped or renamed)");

            sql("INSERT INTO sc.steady VALUES (1, 'Steady', 1.00, 'n')"); // the other tables stream on
            assertThat(eventOf(events, "sc-steady.events", "1")).contains("\"price\":1.00");
            assertThat(events.poll()).noneMatch(r -> r.topic().equals("sc-dropped.events"));

            TABLES.writeMapping("dropped", "  name:   { column: name, convert: trim }\n");
            reload().statusCode(200);
            given().get("/q/health/ready").then().statusCode(200);
            assertThat(replay(deadLetter).getInt("published")).isEqualTo(1);
            assertThat(eventOf(events, "sc-dropped.events", "1")).contains("\"name\":\"Ann\"").doesNotContain("price");
        }
    }

    @Test
    void aMappedColumnRenamedIsDeadLetteredAndTheUnfixedMappingIsRefusedOnReload() throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "sc-renamed.events")) {
            sql("ALTER TABLE sc.renamed RENAME COLUMN name TO full_name");
            sql("INSERT INTO sc.renamed VALUES (1, 'Ann', 1.00, 'n')");
            Map<String, Object> deadLetter = deadLetterOf("sc.renamed", "1");
            assertThat((String) deadLetter.get("reason"))
                    .contains("column name of sc.renamed, which renamed.yaml maps, is not in the change");
            readinessSays("sc.renamed changed under its mapping: column name (renamed.yaml) is gone (dropped or renamed)");

            // the same check and message as at start-up; the mappings in force stay
            reload().statusCode(422).body("problem", org.hamcrest.Matchers.containsString(
                    "The mappings do not fit the source tables: renamed.yaml: table sc.renamed has no column name"));
            readinessSays("sc.renamed changed under its mapping");

            TABLES.writeMapping("renamed", "  name:   { column: full_name, convert: trim }\n  price:  { column: price }\n");
            reload().statusCode(200);
            assertThat(replay(deadLetter).getInt("published")).isEqualTo(1);
            assertThat(eventOf(events, "1")).contains("\"name\":\"Ann\"");
        }
    }

    @Test
    void aMappedColumnRetypedIsDeadLetteredNotPublishedInAnotherShape() throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "sc-retyped.events")) {
            sql("INSERT INTO sc.retyped VALUES (1, 'Ann', 3.25, 'n')");
            assertThat(eventOf(events, "1")).contains("\"price\":3.25");

            sql("ALTER TABLE sc.retyped ALTER COLUMN price TYPE TEXT");
            sql("INSERT INTO sc.retyped VALUES (2, 'Bob', '4.75', 'n')");
            Map<String, Object> deadLetter = deadLetterOf("sc.retyped", "2");
            assertThat((String) deadLetter.get("reason")).contains("column price of sc.retyped, which retyped.yaml maps, was retyped")
                    .contains("validated against numeric, the change carries a text value");
            readinessSays("sc.retyped changed under its mapping: column price (retyped.yaml) was retyped from numeric");
            assertThat(events.poll()).noneMatch(r -> "2".equals(r.key()));

            reload().statusCode(200); // the mapping fits a text column: validated against it now
            assertThat(replay(deadLetter).getInt("published")).isEqualTo(1);
            assertThat(eventOf(events, "2")).contains("\"price\":\"4.75\"");
        }
    }

    private static String eventOf(RecordCollector events, String key) {
        return await().atMost(PATIENCE).until(() -> events.poll().stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value)
                .findFirst().orElse(null), v -> v != null);
    }

    private static String eventOf(RecordCollector events, String topic, String key) {
        return await().atMost(PATIENCE).until(() -> events.poll().stream().filter(r -> r.topic().equals(topic) && key.equals(r.key()))
                .map(ConsumerRecord::value).findFirst().orElse(null), v -> v != null);
    }

    private static void readinessSays(String sentence) {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body(org.hamcrest.Matchers.containsString(sentence)));
    }

    /** The listed dead letter of the table's row with this key, once it is there. */
    private static Map<String, Object> deadLetterOf(String table, String key) {
        return await().atMost(PATIENCE).until(() -> {
            List<Map<String, Object>> listed = admin().queryParam("limit", 1000).get("/sluice/admin/dead-letters").then().statusCode(200)
                    .extract().jsonPath().getList("deadLetters");
            return listed.stream().filter(d -> table.equals(d.get("table")) && key.equals(d.get("key"))).findFirst().orElse(null);
        }, d -> d != null);
    }

    private static JsonPath replay(Map<String, Object> deadLetter) {
        return admin().contentType(ContentType.JSON)
                .body(Map.of("partition", deadLetter.get("partition"), "offset", deadLetter.get("offset")))
                .post("/sluice/admin/dead-letters/replay").then().statusCode(200).extract().jsonPath();
    }

}
