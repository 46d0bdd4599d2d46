package io.sluice.relay;

import static io.restassured.RestAssured.given;
import static io.sluice.testkit.kafka.RecordCollector.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sluice.testkit.MariaDbSource;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SourceServer;
import io.sluice.testkit.kafka.RecordCollector;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * The relay under the least-privilege role or user of the family's script, run as a DBA would, with the DBA's own client:
 * {@code scripts/sql/least-privilege.sql} by psql on PostgreSQL (REPLICATION, SELECT on the captured legacy tables, its
 * own schema, a publication made by the DBA), {@code scripts/sql/mariadb-least-privilege.sql} by the {@code mariadb}
 * client on MariaDB (REPLICATION SLAVE, BINLOG MONITOR, SELECT on the captured tables, its own database). Legacy and
 * outbox events flow; the role cannot change a legacy row; an incremental snapshot (admin API) runs to 100 %.
 */
class LeastPrivilegeIT {

    private static final String ADMIN_TOKEN = "least-privilege-admin";
    private AppProcess relay;

    /** What differs between the families in this run, besides {@link SourceFamilies}. */
    enum Family {
        POSTGRESQL(SourceFamilies.POSTGRESQL, "sluice.source.debezium.\"publication.autocreate.mode\"=disabled\n",
                "UPDATE \"OMS\".\"ORDHDR\" SET \"ORD_STS\" = 'CX'",
                "permission denied"), MARIADB(SourceFamilies.MARIADB, "", "UPDATE OMS.ORDHDR SET ORD_STS = 'CX'", "UPDATE command denied");

        final SourceFamilies family;
        final String database;
        final String settings;
        final String legacyUpdate;
        final String denied;

        Family(SourceFamilies family, String settings, String legacyUpdate, String denied) {
            this.family = family;
            this.database = family.legacyDatabase("oms_least");
            this.settings = settings;
            this.legacyUpdate = legacyUpdate;
            this.denied = denied;
        }

        SourceServer server() {
            return family.server();
        }

        /** The relay's URL: its legacy database on PostgreSQL, its own database {@code sluice} on MariaDB (docs/mariadb.md). */
        String relayUrl() {
            return server().jdbcUrl(this == POSTGRESQL ? database : "sluice");
        }

        String outboxInsert() {
            return "INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload) VALUES (" + family.newUuid()
                    + ", ?, 'L-1', 'LeastPrivilegeProved', '{}')";
        }
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void theRelayStreamsUnderTheLeastPrivilegeRoleAndCannotWriteLegacyTables(Family family, @TempDir Path work) throws Exception {
        SourceServer server = family.server();
        server.createDatabase(family.database);
        LegacyOms.migrate(server.jdbcUrl(family.database), server.user(), server.password());
        String password = "relay-" + UUID.randomUUID();
        if (family == Family.POSTGRESQL) {
            runPsqlAsDba(Path.of("..", "scripts", "sql", "least-privilege.sql"), password, work);
        } else {
            runMariaDbClientAsDba(Path.of("..", "scripts", "sql", "mariadb-least-privilege.sql"), password, work);
        }

        Path settings = work.resolve("least-privilege.properties");
        Files.writeString(settings, family.settings);
        Map<String, String> env = PackagedRelay.environment(family.relayUrl(), "sluice_relay", password,
                SluiceInfrastructure.shared().kafkaBootstrap(), PackagedRelay.demoMappings(), "least_privilege");
        env.put("QUARKUS_CONFIG_LOCATIONS", settings.toString());
        env.put("SLUICE_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("SLUICE_SOURCE_POSITIONS_TOPIC", "sluice.positions.least_privilege_" + family.name().toLowerCase());
        relay = PackagedRelay.of(env, work.resolve("relay.log")).start().awaitReady(Duration.ofSeconds(90));

        String aggregate = "least" + UUID.randomUUID().toString().substring(0, 6);
        int orderNo;
        try (LegacyOms oms = LegacyOms.connect(server.jdbcUrl(family.database), server.user(), server.password())) {
            oms.registerCustomer("LP" + family.ordinal() + "0000001", "LEAST PRIVILEGE GMBH", "lp@example.com", "+49 1",
                    LocalDate.of(2024, 1, 1));
            orderNo = oms.placeOrder("LP" + family.ordinal() + "0000001", LocalDate.of(2026, 11, 25),
                    List.of(new LegacyOms.Line("BOLT-1", 2, 150)));
        }
        try (Connection db = DriverManager.getConnection(family.relayUrl(), "sluice_relay", password);
                PreparedStatement outbox = db.prepareStatement(family.outboxInsert());
                Statement sql = db.createStatement()) {
            // an application with its own outbox writes as its own user; here the relay's role, which owns schema sluice
            outbox.setString(1, aggregate);
            outbox.executeUpdate();
            assertThatThrownBy(() -> sql.execute(family.legacyUpdate)).isInstanceOf(SQLException.class).hasMessageContaining(family.denied);
        }

        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (RecordCollector topics = new RecordCollector(SluiceInfrastructure.shared().kafkaBootstrap(), "orders.events",
                aggregate + ".events")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                seen.addAll(topics.poll());
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(Integer.toString(orderNo));
                    assertThat(header(r, "ce_type")).isEqualTo("OrderPlaced");
                });
                assertThat(seen).anySatisfy(r -> assertThat(header(r, "ce_type")).isEqualTo("LeastPrivilegeProved"));
            });
        }
        // an incremental snapshot works under the role or user too: it counts the table's rows, writes its signal and Debezium
        // its watermarks in schema (database) sluice, the role's own; on PostgreSQL the DBA's publication covers the signal
        // table (TABLES IN SCHEMA sluice)
        long customers = count(family, "OMS", "CUSTMST");
        String id = given().baseUri(relay.baseUrl()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                .body("{\"tables\": [\"OMS.CUSTMST\"]}").post("/sluice/admin/snapshots").then().statusCode(202)
                .body("tables[0].rowsTotal", equalTo((int) customers)).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(relay.baseUrl())
                .header("Authorization", "Bearer " + ADMIN_TOKEN).get("/sluice/admin/snapshots/" + id).then().statusCode(200)
                .body("state", equalTo("completed")).body("tables[0].rowsDone", equalTo((int) customers))
                .body("tables[0].percent", equalTo(100.0f)));
    }

    /** Rows of a legacy table, counted as the DBA (on MariaDB the OMS database is shared with the other tests). */
    private static long count(Family family, String schema, String table) throws SQLException {
        SourceServer server = family.server();
        String quote = family == Family.POSTGRESQL ? "\"" : "`";
        try (Connection db = DriverManager.getConnection(server.jdbcUrl(family.database), server.user(), server.password());
                Statement sql = db.createStatement();
                java.sql.ResultSet result = sql
                        .executeQuery("SELECT count(*) FROM " + quote + schema + quote + "." + quote + table + quote)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void runPsqlAsDba(Path script, String relayPassword, Path work) throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        Path psql = infra.postgres().orElseThrow(() -> new IllegalStateException("needs the private PostgreSQL")).binDir().resolve("psql");
        java.net.URI uri = java.net.URI.create(infra.jdbcUrl(Family.POSTGRESQL.database).substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder(psql.toString(), "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()),
                "-U", infra.user(), "-d", Family.POSTGRESQL.database, "-v", "relay_password=" + relayPassword, "-f",
                script.toAbsolutePath().toString());
        builder.environment().put("PGPASSWORD", infra.password());
        runAsDba(builder, work);
    }

    /** The MariaDB script as its header says to run it, "edit the password first": its 'change-me' replaced. */
    private static void runMariaDbClientAsDba(Path script, String relayPassword, Path work) throws Exception {
        MariaDbSource mariadb = MariaDbSource.shared();
        Path edited = work.resolve("mariadb-least-privilege.sql");
        Files.writeString(edited, Files.readString(script).replace("'change-me'", "'" + relayPassword + "'"));
        java.net.URI uri = java.net.URI.create(mariadb.jdbcUrl("").substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder("mariadb", "--host=" + uri.getHost(), "--port=" + uri.getPort(),
                "--user=" + mariadb.user()).redirectInput(edited.toFile());
        builder.environment().put("MYSQL_PWD", mariadb.password());
        runAsDba(builder, work);
    }

    private static void runAsDba(ProcessBuilder builder, Path work) throws Exception {
        Path log = work.resolve("dba.log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", builder.command().get(0), Files.readString(log)).isZero();
    }
}
