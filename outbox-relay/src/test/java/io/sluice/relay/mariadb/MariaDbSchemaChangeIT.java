package io.sluice.relay.mariadb;

import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.relay.PackagedRelay;
import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.process.AppProcess;

/**
 * DDL on a captured MariaDB table while the packaged relay streams it: the legacy application adds a column, then drops a
 * column the mapping reads, between its inserts, with no pause. Debezium follows the DDL in the binlog (schema history in
 * the source). After the {@code ADD COLUMN} nothing is lost and the mapping keeps working; after the {@code DROP} each
 * change goes to the dead-letter topic naming the column, and the stream goes on.
 */
class MariaDbSchemaChangeIT {

    private static final int BEFORE_ADD = 600;
    private static final int BEFORE_DROP = 1_200;
    private static final int ROWS = 1_400;
    private static final String DEAD_LETTERS = "sluice.dead-letter";
    /** Generous: on a loaded 2-core machine a packaged relay has taken over 90 s to be ready. */
    private static final Duration READY = Duration.ofSeconds(180);

    private final MariaDbSource mariadb = MariaDbSource.shared();
    private final ObjectMapper json = new ObjectMapper();
    @Test
    void addColumnIsHarmlessAndDroppingAMappedColumnDeadLettersNamingItWhileTheStreamGoesOn(@TempDir Path work) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String database = "DDL_" + suffix;
        String table = database + ".ITMMST";
        String aggregate = "ddl" + suffix;
        mariadb.createDatabase(database);
        try (Connection db = DriverManager.getConnection(mariadb.jdbcUrl(database), mariadb.user(), mariadb.password());
                Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE ITMMST (ITM_NO INTEGER NOT NULL PRIMARY KEY, ITM_NM CHAR(20) NOT NULL, PRC_AMT INTEGER NOT NULL)"
                    + " ENGINE = InnoDB");
        }
        Path mappings = Files.createDirectories(work.resolve("mappings"));
        Files.writeString(mappings.resolve("items.yaml"), """
                table: %s
                aggregate: %s
                key: [ITM_NO]
                fields:
                  itemNo: { column: ITM_NO, convert: string }
                  name:   { column: ITM_NM, convert: trim }
                  price:  { column: PRC_AMT, convert: cents }
                events:
                  - type: ItemListed
                    version: 1
                    on: insert
                    fields: [itemNo, name, price]
                """.formatted(table, aggregate));
        Map<String, String> env = PackagedRelay.environment(mariadb.jdbcUrl(database), mariadb.user(), mariadb.password(),
                SluiceInfrastructure.shared().kafkaBootstrap(), mappings, "ddl_" + suffix);
        env.put("SLUICE_SOURCE_POSITIONS_TOPIC", "sluice.positions." + aggregate);
        try (AppProcess relay = PackagedRelay.of(env, work.resolve("relay.log")).start();
                RecordCollector topics = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), aggregate + ".events",
                        DEAD_LETTERS)) {
            relay.awaitReady(READY);
            try (Connection db = DriverManager.getConnection(mariadb.jdbcUrl(database), mariadb.user(), mariadb.password());
                    Statement ddl = db.createStatement()) {
                insert(db, "INSERT INTO ITMMST (ITM_NO, ITM_NM, PRC_AMT) VALUES (?, ?, ?)", 0, BEFORE_ADD, true);
                ddl.execute("ALTER TABLE ITMMST ADD COLUMN NOTE_TX VARCHAR(40) NULL");
                insert(db, "INSERT INTO ITMMST (ITM_NO, ITM_NM, PRC_AMT, NOTE_TX) VALUES (?, ?, ?, 'added later')", BEFORE_ADD,
                        BEFORE_DROP, true);
                ddl.execute("ALTER TABLE ITMMST DROP COLUMN PRC_AMT");
                insert(db, "INSERT INTO ITMMST (ITM_NO, ITM_NM, NOTE_TX) VALUES (?, ?, 'no price')", BEFORE_DROP, ROWS, false);
                // the stream goes on: an outbox row written after the dead letters is published
                ddl.execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (UUID(), '"
                        + aggregate + "', 'after-drop', 'StreamWentOn', '{}')");
            }

            // every row, the dead letters and the outbox event after them: all arrive, and nothing twice
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                List<ConsumerRecord<String, String>> seen = topics.poll();
                assertThat(listed(seen)).as("one ItemListed per row inserted before the DROP, nothing lost or doubled")
                        .extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys(0, BEFORE_DROP));
                assertThat(deadLetters(seen, table)).as("each row inserted after the DROP, dead-lettered")
                        .extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys(BEFORE_DROP, ROWS));
                assertThat(seen).anySatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("StreamWentOn"));
            });
            List<ConsumerRecord<String, String>> seen = topics.poll();
            System.out.printf("[MariaDB DDL while streaming] %d rows, ADD COLUMN after %d, DROP of the mapped column after %d:"
                    + " %d ItemListed, %d dead letters, then the outbox event%n", ROWS, BEFORE_ADD, BEFORE_DROP, listed(seen).size(),
                    deadLetters(seen, table).size());
            for (ConsumerRecord<String, String> event : listed(seen)) {
                JsonNode data = json.readTree(event.value());
                int n = Integer.parseInt(event.key());
                assertThat(data.path("name").asText()).isEqualTo("ITEM " + n);
                assertThat(data.path("price").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(n, 2));
            }
            assertThat(deadLetters(seen, table)).allSatisfy(r -> assertThat(header(r, "sluice_dlq_reason")).contains("PRC_AMT"));
            assertThat(relay.isAlive()).isTrue();
        }
    }

    /** Rows {@code from} to {@code to - 1}, one transaction each (auto-commit), as fast as the server takes them. */
    private static void insert(Connection db, String sql, int from, int to, boolean withPrice) throws Exception {
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            for (int n = from; n < to; n++) {
                insert.setInt(1, n);
                insert.setString(2, "ITEM " + n);
                if (withPrice) {
                    insert.setInt(3, n);
                }
                insert.executeUpdate();
            }
        }
    }

    private static List<ConsumerRecord<String, String>> listed(List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> "ItemListed".equals(header(r, "ce_type"))).toList();
    }

    private static List<ConsumerRecord<String, String>> deadLetters(List<ConsumerRecord<String, String>> records, String table) {
        return records.stream().filter(r -> r.topic().equals(DEAD_LETTERS) && table.equals(header(r, "sluice_dlq_table"))).toList();
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }
}
