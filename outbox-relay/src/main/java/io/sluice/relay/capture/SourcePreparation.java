package io.sluice.relay.capture;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import io.agroal.api.AgroalDataSource;
import io.sluice.relay.Causes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Readies the source database before each capture run: applies Sluice's own migrations (outbox, heartbeat and signal
 * tables in schema {@code sluice}; on MariaDB database {@code sluice}, from {@code db/mariadb/sluice}), which is also the first check that the source answers and accepts the relay's login.
 */
@ApplicationScoped
public class SourcePreparation {

    @Inject
    Flyway flyway;
    @Inject
    DataSource dataSource;

    /**
     * @throws StartupException when the source refuses the login or has no such database: retrying cannot fix it
     * @throws SourceUnavailableException when the source does not answer: worth retrying
     */
    public void migrate(SourceDatabase database) {
        try {
            // Quarkus's Flyway settings, on connections of their own: a migration that fails on a connection the
            // source closed (a restart) does not always return it, and would drain the shared pool
            var configuration = Flyway.configure()
                    .configuration(flyway.getConfiguration())
                    .dataSource(database.jdbcUrl(), database.user(), database.password());
            // the build-time list holds both families' SQL: this family's only (db/sluice or db/mariadb/sluice)
            FamilyMigrations.narrow(configuration, database.family());
            configuration.load().migrate();
        } catch (RuntimeException e) {
            SQLException sql = Causes.find(e, SQLException.class).orElse(null);
            if (sql != null && sql.getSQLState() != null && (sql.getSQLState().startsWith("28") || sql.getSQLState().equals("3D000"))) {
                throw new StartupException("Cannot log in to the source database " + database.jdbcUrl() + " as " + database.user()
                        + ": " + sql.getMessage() + " (check quarkus.datasource.username / quarkus.datasource.password"
                        + " / the database name)");
            }
            // connections pooled before the outage are dead: drop them all rather than hand them out again
            if (dataSource instanceof AgroalDataSource pool) {
                pool.flush(AgroalDataSource.FlushMode.ALL);
            }
            throw new SourceUnavailableException("Source database " + database.jdbcUrl() + " is unavailable: "
                    + (sql != null ? sql.getMessage() : e.getMessage()), e);
        }
    }
}
