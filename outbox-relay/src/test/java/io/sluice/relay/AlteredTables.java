package io.sluice.relay;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOmsSourceResource;

/**
 * What the schema-change tests share ({@link SchemaChangesTest}, {@link PublishedColumnChangesTest}): a mapping file per
 * case ({@code <case>.yaml} for table {@code <schema>.<case>}, one insert rule), SQL on the legacy database, and the
 * admin API's reload.
 */
final class AlteredTables {

    private final String schema;
    private final Path mappingDir;

    /** @param mappingDir one folder whichever class loader asks: Quarkus reads a test profile in another one than the test's */
    AlteredTables(String schema, Path mappingDir) {
        this.schema = schema;
        this.mappingDir = mappingDir;
    }

    Path mappingDir() {
        return mappingDir;
    }

    /** Writes the case's mapping: its key {@code id} as {@code itemId}, these field lines, and event {@code <Case>ItemSaved}. */
    void writeMapping(String name, String fields) {
        String type = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "ItemSaved";
        try {
            Files.createDirectories(mappingDir);
            Files.writeString(mappingDir.resolve(name + ".yaml"), "table: " + schema + "." + name + "\naggregate: " + schema + "-" + name
                    + "\nkey: [id]\nfields:\n  itemId: { column: id, convert: string }\n" + fields
                    + "events:\n  - { type: " + type + ", on: insert }\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sql(String statement) throws SQLException {
        try (Connection sql = source()) {
            sql.createStatement().execute(statement);
        }
    }

    static Connection source() throws SQLException {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        return DriverManager.getConnection(infra.jdbcUrl(LegacyOmsSourceResource.DATABASE), infra.user(), infra.password());
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }

    static ValidatableResponse reload() {
        return admin().post("/sluice/admin/mappings/reload").then();
    }
}
