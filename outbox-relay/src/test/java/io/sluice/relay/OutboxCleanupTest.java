package io.sluice.relay;

import static io.restassured.RestAssured.when;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.relay.capture.OutboxCleaner;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOmsSourceResource;
import jakarta.inject.Inject;

/** Outbox rows need not pile up: delete-in-the-same-transaction, and retention-based cleanup. */
@QuarkusTest
@QuarkusTestResource(RelayTestResource.class)
class OutboxCleanupTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final String aggregateType = "cleanup" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    OutboxCleaner cleaner;

    @BeforeEach
    void relayStreams() {
        await().atMost(PATIENCE).untilAsserted(() -> when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aRowDeletedInTheTransactionThatInsertedItIsStillPublished() throws Exception {
        UUID id;
        try (OutboxRows outbox = new OutboxRows("sluice.outbox_event")) {
            id = outbox.add(aggregateType, "A-1", "ThingHappened", "{\"deleted\":true}");
            outbox.commit();
        }
        // same transaction: insert then delete, as a writer with delete-after-insert does
        UUID deletedAtOnce = UUID.randomUUID();
        try (Connection sql = connect()) {
            sql.setAutoCommit(false);
            sql.createStatement().execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES ('"
                    + deletedAtOnce + "', '" + aggregateType + "', 'A-1', 'ThingHappened', '{\"n\":2}')");
            sql.createStatement().execute("DELETE FROM sluice.outbox_event WHERE id = '" + deletedAtOnce + "'");
            sql.commit();
        }
        try (RecordCollector topic = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), aggregateType + ".events")) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(topic.poll())
                    .extracting(r -> header(r, "ce_id")).contains(id.toString(), deletedAtOnce.toString()));
            assertThat(topic.poll()).hasSize(2);
        }
        try (Connection sql = connect()) {
            ResultSet left = sql.createStatement()
                    .executeQuery("SELECT count(*) FROM sluice.outbox_event WHERE id = '" + deletedAtOnce + "'");
            left.next();
            assertThat(left.getInt(1)).isZero();
        }
    }

    @Test
    void retentionCleanupDeletesOnlyOldRows() throws Exception {
        try (Connection sql = connect()) {
            sql.createStatement()
                    .execute("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload, timestamp) VALUES "
                            + "('" + UUID.randomUUID() + "', '" + aggregateType
                            + "', 'old', 'ThingHappened', '{}', now() - interval '2 days'),"
                            + "('" + UUID.randomUUID() + "', '" + aggregateType + "', 'new', 'ThingHappened', '{}', now())");
            assertThat(cleaner.cleanAll(Duration.ofDays(1))).isGreaterThanOrEqualTo(1);
            ResultSet left = sql.createStatement().executeQuery(
                    "SELECT string_agg(aggregateid, ',') FROM sluice.outbox_event WHERE aggregatetype = '" + aggregateType + "'");
            left.next();
            assertThat(left.getString(1)).isEqualTo("new");
        }
    }

    @Test
    void readinessReportsTheWalTheSlotRetains() {
        when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'sluice-capture' }.data.retainedWalBytes", greaterThanOrEqualTo(0));
    }

    @Test
    void heartbeatsAdvanceTheSlotWhileOnlyOtherDatabasesWrite() throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        String walAfterOtherWrites;
        try (Connection other = DriverManager.getConnection(infra.jdbcUrl(), infra.user(), infra.password())) {
            other.createStatement().execute("CREATE TABLE IF NOT EXISTS wal_filler (n int, pad text)");
            other.createStatement().execute("INSERT INTO wal_filler SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
            ResultSet lsn = other.createStatement().executeQuery("SELECT pg_current_wal_lsn()::text");
            lsn.next();
            walAfterOtherWrites = lsn.getString(1);
        }
        try (Connection sql = connect()) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                ResultSet slot = sql.createStatement().executeQuery("SELECT confirmed_flush_lsn >= '" + walAfterOtherWrites
                        + "'::pg_lsn FROM pg_replication_slots WHERE slot_name = 'sluice'");
                assertThat(slot.next()).isTrue();
                assertThat(slot.getBoolean(1)).as("slot confirmed past %s", walAfterOtherWrites).isTrue();
            });
        }
    }

    private static Connection connect() throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return DriverManager.getConnection(infra.jdbcUrl(LegacyOmsSourceResource.DATABASE), infra.user(), infra.password());
    }
}
