package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.relay.config.RelayConfig.CaptureColumns;
import io.sluice.testkit.PostgresCluster;

/**
 * Issue 18, point 5, against a real PostgreSQL 15: the publication Sluice readies carries only the columns the mappings read
 * (and PostgreSQL accepts updates and deletes through it), and a publication a DBA made that lacks one of them stops the relay
 * naming table, column and fix.
 */
class PublicationColumnsTest {

    private static final MappingCatalog CATALOG = MappingCatalog.load(List.of(new MappingSource("customers.yaml", """
            table: CRM.CUST
            aggregate: customers
            key: [CUST_NO]
            fields:
              customerId: { column: CUST_NO, convert: string }
              name: { column: NAME, convert: trim }
            events:
              - { type: CustomerRegistered, on: insert }
              - { type: CustomerRenamed, on: update }
            """)));
    private static final ChangeRouting ROUTING = new ChangeRouting(CATALOG, new LegacyAdapter(CATALOG), new OutboxRouter(List.of()));

    private static PostgresCluster postgres;
    private Connection sql;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresCluster.create(null, Path.of("target", "publication-columns-pg", "data")).start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.stop();
    }

    @BeforeEach
    void freshTable() throws SQLException {
        sql = DriverManager.getConnection(postgres.jdbcUrl(), PostgresCluster.USER, PostgresCluster.PASSWORD);
        try (Statement s = sql.createStatement()) {
            s.execute("DROP PUBLICATION IF EXISTS sluice_publication");
            s.execute("DROP PUBLICATION IF EXISTS dba_publication");
            s.execute("DROP SCHEMA IF EXISTS \"CRM\" CASCADE");
            s.execute("CREATE SCHEMA \"CRM\"");
            s.execute("CREATE TABLE \"CRM\".\"CUST\" (\"CUST_NO\" INTEGER PRIMARY KEY, \"NAME\" CHAR(20), \"SSN\" TEXT)");
        }
    }

    @Test
    void sluiceCreatesThePublicationWithOnlyTheColumnsTheMappingsReadAndTheKey() throws SQLException {
        var readied = PublicationColumns.prepare(sql, ROUTING, "sluice_publication", "filtered", CaptureColumns.NEEDED);

        assertThat(readied.bySluice()).isTrue();
        assertThat(publishedColumns("sluice_publication")).containsExactly("CUST_NO", "NAME");
        try (Statement s = sql.createStatement()) { // PostgreSQL accepts updates and deletes: the list holds the replica identity
            s.execute("INSERT INTO \"CRM\".\"CUST\" VALUES (1, 'Ada', '078-05-1120')");
            s.execute("UPDATE \"CRM\".\"CUST\" SET \"SSN\" = '219-09-9999' WHERE \"CUST_NO\" = 1");
            s.execute("DELETE FROM \"CRM\".\"CUST\" WHERE \"CUST_NO\" = 1");
        }
    }

    @Test
    void aPublicationNarrowedBeforeIsWidenedWhenEveryColumnIsCaptured() throws SQLException {
        PublicationColumns.prepare(sql, ROUTING, "sluice_publication", "filtered", CaptureColumns.NEEDED);

        var readied = PublicationColumns.prepare(sql, ROUTING, "sluice_publication", "filtered", CaptureColumns.ALL);

        assertThat(readied.selection().narrows()).isFalse();
        assertThat(publishedColumns("sluice_publication")).containsExactly("CUST_NO", "NAME", "SSN");
    }

    @Test
    void aTableWithReplicaIdentityFullIsPublishedWholeAndNarrowedByDebeziumOnly() throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute("ALTER TABLE \"CRM\".\"CUST\" REPLICA IDENTITY FULL");
        }

        var readied = PublicationColumns.prepare(sql, ROUTING, "sluice_publication", "filtered", CaptureColumns.NEEDED);

        assertThat(publishedColumns("sluice_publication")).containsExactly("CUST_NO", "NAME", "SSN");
        assertThat(readied.selection().columnsOf(new io.sluice.adapter.change.TableId("CRM", "CUST"))).contains(List.of("CUST_NO", "NAME"));
        try (Statement s = sql.createStatement()) {
            s.execute("INSERT INTO \"CRM\".\"CUST\" VALUES (1, 'Ada', '078-05-1120')");
            s.execute("UPDATE \"CRM\".\"CUST\" SET \"SSN\" = '219-09-9999' WHERE \"CUST_NO\" = 1");
        }
    }

    @Test
    void aDbasPublicationWithoutAColumnTheMappingsReadStopsTheRelayNamingTableColumnAndFix() throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute("CREATE PUBLICATION dba_publication FOR TABLE \"CRM\".\"CUST\" (\"CUST_NO\", \"SSN\")");
        }

        assertThatThrownBy(() -> PublicationColumns.prepare(sql, ROUTING, "dba_publication", "disabled", CaptureColumns.NEEDED))
                .isInstanceOf(StartupException.class)
                .hasMessage("Publication dba_publication (publication.autocreate.mode=disabled, so Sluice does not change it) does not"
                        + " carry what the mappings read: CRM.CUST lacks column [NAME]; run BEGIN; ALTER PUBLICATION \"dba_publication\""
                        + " DROP TABLE \"CRM\".\"CUST\"; ALTER PUBLICATION \"dba_publication\" ADD TABLE \"CRM\".\"CUST\""
                        + " (\"CUST_NO\", \"SSN\", \"NAME\"); COMMIT;");
        assertThat(publishedColumns("dba_publication")).containsExactly("CUST_NO", "SSN");
    }

    @Test
    void aDbasPublicationThatCarriesWhatTheMappingsReadIsLeftAsItIs() throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute("CREATE PUBLICATION dba_publication FOR TABLE \"CRM\".\"CUST\"");
        }

        var readied = PublicationColumns.prepare(sql, ROUTING, "dba_publication", "disabled", CaptureColumns.NEEDED);

        assertThat(readied.bySluice()).isFalse();
        assertThat(readied.selection().narrows()).isTrue(); // Debezium's column filter still drops SSN
        assertThat(publishedColumns("dba_publication")).containsExactly("CUST_NO", "NAME", "SSN");
    }

    @Test
    void aMissingDbasPublicationIsNamedWithTheStatementThatCreatesIt() {
        assertThatThrownBy(() -> PublicationColumns.prepare(sql, ROUTING, "dba_publication", "disabled", CaptureColumns.NEEDED))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("Publication dba_publication does not exist")
                .hasMessageContaining("CREATE PUBLICATION \"dba_publication\" FOR TABLE \"CRM\".\"CUST\" (\"CUST_NO\", \"NAME\");");
    }

    private Set<String> publishedColumns(String publication) throws SQLException {
        try (var query = sql
                .prepareStatement("SELECT attnames::text[] FROM pg_publication_tables WHERE pubname = ? AND tablename = 'CUST'")) {
            query.setString(1, publication);
            try (ResultSet result = query.executeQuery()) {
                assertThat(result.next()).as("publication %s publishes CRM.CUST", publication).isTrue();
                return new TreeSet<>(List.of((String[]) result.getArray(1).getArray()));
            }
        }
    }
}
