package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.sluice.adapter.change.OldImage;
import io.sluice.adapter.change.TableId;
import io.sluice.testkit.SluiceInfrastructure;

/** What a real PostgreSQL logs of old values, per replica identity, as {@link SourceSchema#oldImagesOf} reads it. */
class SourceSchemaTest {

    private static final PGSimpleDataSource SOURCE = new PGSimpleDataSource();
    private static final TableId DEFAULT = new TableId("RI", "PAYMENT");
    private static final TableId FULL = new TableId("RI", "FULL_PAYMENT");
    private static final TableId NOTHING = new TableId("RI", "no_identity");
    private static final TableId INDEX = new TableId("RI", "by_index");
    private static final TableId NO_KEY = new TableId("RI", "no_key");

    @BeforeAll
    static void tables() throws SQLException {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        infra.createDatabase("replica_identity");
        SOURCE.setUrl(infra.jdbcUrl("replica_identity"));
        SOURCE.setUser(infra.user());
        SOURCE.setPassword(infra.password());
        try (Connection connection = SOURCE.getConnection()) {
            connection.createStatement().execute("""
                    DROP SCHEMA IF EXISTS "RI" CASCADE;
                    CREATE SCHEMA "RI";
                    CREATE TABLE "RI"."PAYMENT" ("BR_NO" INTEGER, "PAY_NO" INTEGER, "AMT" NUMERIC(9), PRIMARY KEY ("PAY_NO", "BR_NO"));
                    CREATE TABLE "RI"."FULL_PAYMENT" ("PAY_NO" INTEGER PRIMARY KEY, "AMT" NUMERIC(9));
                    ALTER TABLE "RI"."FULL_PAYMENT" REPLICA IDENTITY FULL;
                    CREATE TABLE "RI".no_identity (id INTEGER PRIMARY KEY, amount INTEGER);
                    ALTER TABLE "RI".no_identity REPLICA IDENTITY NOTHING;
                    CREATE TABLE "RI".by_index (id INTEGER PRIMARY KEY, code TEXT NOT NULL, amount INTEGER);
                    CREATE UNIQUE INDEX by_index_code ON "RI".by_index (code);
                    ALTER TABLE "RI".by_index REPLICA IDENTITY USING INDEX by_index_code;
                    CREATE TABLE "RI".no_key (id INTEGER, amount INTEGER);
                    """);
        }
    }

    @Test
    void readsEachReplicaIdentityAsTheOldColumnsItLogs() throws SQLException {
        Map<TableId, OldImage> images = SourceSchema.oldImagesOf(SOURCE, Set.of(DEFAULT, FULL, NOTHING, INDEX, NO_KEY,
                new TableId("RI", "missing")));

        assertThat(images).containsOnlyKeys(DEFAULT, FULL, NOTHING, INDEX, NO_KEY);
        assertThat(images.get(DEFAULT)).isEqualTo(new OldImage("REPLICA IDENTITY DEFAULT: primary key [BR_NO, PAY_NO]",
                Set.of("PAY_NO", "BR_NO"), "ALTER TABLE \"RI\".\"PAYMENT\" REPLICA IDENTITY FULL;"));
        assertThat(images.get(FULL).columns()).isNull();
        assertThat(images.get(FULL).identity()).isEqualTo("REPLICA IDENTITY FULL");
        assertThat(images.get(NOTHING).columns()).isEmpty();
        assertThat(images.get(NOTHING).identity()).isEqualTo("REPLICA IDENTITY NOTHING");
        assertThat(images.get(INDEX)).isEqualTo(new OldImage("REPLICA IDENTITY USING INDEX by_index_code [code]", Set.of("code"),
                "ALTER TABLE \"RI\".\"by_index\" REPLICA IDENTITY FULL;"));
        assertThat(images.get(NO_KEY).columns()).isEmpty();
        assertThat(images.get(NO_KEY).identity()).isEqualTo("REPLICA IDENTITY DEFAULT without a primary key");
    }
}
