package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.relay.AlteredTables.admin;
import static io.sluice.relay.AlteredTables.reload;
import static io.sluice.relay.AlteredTables.source;
import static io.sluice.relay.AlteredTables.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * Issue 18, point 3, with the relay's own publication column lists (the default on PostgreSQL 15+,
 * {@code sluice.source.capture-columns=needed}): the publication names the columns the mappings read, so
 * <ul>
 * <li>a column added and then mapped is captured from the reload on: the reload widens the publication and restarts the
 * engine with Debezium's column filter for it, before it answers;</li>
 * <li>PostgreSQL refuses to drop or retype a mapped column (the publication depends on it); once the mapping no longer
 * reads it and is reloaded, the publication lets it go and the drop succeeds;</li>
 * <li>a mapped column dropped with {@code CASCADE} takes its table out of the publication: readiness names the table and
 * the fix, and the reload puts the table back.</li>
 * </ul>
 * Each case has a table ({@code pc.<case>}) and a mapping file ({@code <case>.yaml}) of its own. Without column lists
 * (PostgreSQL before 15, a publication of whole tables) the changes are dead-lettered instead: {@link SchemaChangesTest}.
 */
@QuarkusTest
@TestProfile(PublishedColumnChangesTest.OwnTablesAndMappings.class)
@QuarkusTestResource(RelayTestResource.class)
class PublishedColumnChangesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String PUBLICATION = "published_columns";
    private static final List<String> CASES = List.of("added", "dropped", "cascaded", "retyped");
    private static final AlteredTables TABLES = new AlteredTables("pc", Path.of("target", "published-columns-mappings").toAbsolutePath());

    public static class OwnTablesAndMappings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            SluiceInfrastructure.shared().createDatabase(LegacyOmsSourceResource.DATABASE);
            try (Connection sql = source()) {
                sql.createStatement().execute("DROP SCHEMA IF EXISTS pc CASCADE; CREATE SCHEMA pc");
                for (String name : CASES) {
                    sql.createStatement().execute("CREATE TABLE pc." + name
                            + " (id INTEGER PRIMARY KEY, name VARCHAR(40), price NUMERIC(10,2), note TEXT)");
                    TABLES.writeMapping(name, "  name:   { column: name, convert: trim }\n  price:  { column: price }\n");
                }
                return Map.of("sluice.mapping.dir", TABLES.mappingDir().toString(),
                        "sluice.source.slot-name", "published_columns",
                        "sluice.source.publication-name", PUBLICATION,
                        "sluice.source.offset-table", "sluice.published_columns_offsets");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot prepare the pc tables and their mappings: " + e.getMessage(), e);
            }
        }
    }

    @BeforeEach
    void relayStreams() {
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aColumnAddedThenMappedIsCapturedFromTheReloadOn() throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "pc-added.events")) {
            sql("ALTER TABLE pc.added ADD COLUMN colour TEXT");
            sql("INSERT INTO pc.added VALUES (1, 'Ann', 1.50, 'n', 'red')");
            assertThat(eventOf(events, "1")).contains("\"price\":1.50").doesNotContain("colour");
            assertThat(publishedColumns("added")).doesNotContain("colour");

            TABLES.writeMapping("added",
                    "  name:   { column: name, convert: trim }\n  price:  { column: price }\n  colour: { column: colour }\n");
            reload().statusCode(200);
            assertThat(publishedColumns("added")).contains("colour"); // widened before the reload answered
            sql("INSERT INTO pc.added VALUES (2, 'Bob', 2.50, 'n', 'blue')");
            assertThat(eventOf(events, "2")).contains("\"colour\":\"blue\"");
            readyAgain();
        }
    }

    @Test
    void aMappedColumnCannotBeDroppedUntilTheMappingNoLongerReadsIt() throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "pc-dropped.events")) {
            assertThatThrownBy(() -> sql("ALTER TABLE pc.dropped DROP COLUMN price")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("publication");
            assertThatThrownBy(() -> sql("ALTER TABLE pc.retyped ALTER COLUMN price TYPE TEXT")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("publication");
            sql("INSERT INTO pc.dropped VALUES (1, 'Ann', 1.25, 'n')");
            assertThat(eventOf(events, "1")).contains("\"price\":1.25");

            TABLES.writeMapping("dropped", "  name:   { column: name, convert: trim }\n");
            reload().statusCode(200);
            assertThat(publishedColumns("dropped")).doesNotContain("price"); // narrowed: the column is free to go
            sql("ALTER TABLE pc.dropped DROP COLUMN price");
            sql("INSERT INTO pc.dropped VALUES (2, 'Bob', 'n')");
            assertThat(eventOf(events, "2")).contains("\"name\":\"Bob\"").doesNotContain("price");
            readyAgain();
        }
    }

    @Test
    void aMappedColumnDroppedWithCascadeTakesItsTableOutOfThePublicationWhichReadinessNamesAndTheReloadRepairs()
            throws Exception {
        try (RecordCollector events = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "pc-cascaded.events")) {
            sql("ALTER TABLE pc.cascaded DROP COLUMN price CASCADE");
            assertThat(publishedColumns("cascaded")).isEmpty();
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body(Matchers.containsString("pc.cascaded left publication " + PUBLICATION + " while the relay streamed"))
                    .body(Matchers.containsString("reload the mappings")));
            sql("INSERT INTO pc.cascaded VALUES (1, 'Ann', 'n')"); // not in the publication: not captured

            TABLES.writeMapping("cascaded", "  name:   { column: name, convert: trim }\n");
            reload().statusCode(200);
            assertThat(publishedColumns("cascaded")).contains("id", "name");
            readyAgain();
            sql("INSERT INTO pc.cascaded VALUES (2, 'Bob', 'n')");
            assertThat(eventOf(events, "2")).contains("\"name\":\"Bob\"");

            // the documented repair for what happened while the table was out: a snapshot of the table
            admin().contentType(ContentType.JSON).body(Map.of("tables", List.of("pc.cascaded"))).post("/sluice/admin/snapshots").then()
                    .statusCode(202);
            assertThat(eventOf(events, "1")).contains("\"name\":\"Ann\"");
        }
    }

    /**
     * Readiness green again: a reload that restarts the engine answers once the engine streams; its replication connection
     * shows as active in the slot a moment later.
     */
    private static void readyAgain() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private static String eventOf(RecordCollector events, String key) {
        return await().atMost(PATIENCE).until(() -> events.poll().stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value)
                .findFirst().orElse(null), v -> v != null);
    }

    /** The column list of the table in the relay's publication; empty when the table is not in it. */
    private static List<String> publishedColumns(String table) throws SQLException {
        try (Connection sql = source();
                ResultSet result = sql.createStatement().executeQuery("SELECT attnames::text[] FROM pg_publication_tables WHERE pubname = '"
                        + PUBLICATION + "' AND schemaname = 'pc' AND tablename = '" + table + "'")) {
            if (!result.next()) {
                return List.of();
            }
            Array columns = result.getArray(1);
            return List.of((String[]) columns.getArray());
        }
    }

}
