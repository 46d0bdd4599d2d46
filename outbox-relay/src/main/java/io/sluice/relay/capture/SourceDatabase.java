package io.sluice.relay.capture;

import io.sluice.relay.source.SourceFamily;

/** The source database, as given by the relay's datasource settings. */
public record SourceDatabase(String jdbcUrl, String host, int port, String database, String user, String password) {

    /**
     * @throws IllegalArgumentException when the URL is not a JDBC URL of a family the relay reads (PostgreSQL, MariaDB/MySQL)
     *                                  with host and database
     */
    public static SourceDatabase of(String jdbcUrl, String user, String password) {
        return SourceFamily.of(jdbcUrl).database(jdbcUrl, user, password);
    }

    /** The database family, from the JDBC URL. */
    public SourceFamily family() {
        return SourceFamily.of(jdbcUrl);
    }

    @Override
    public String toString() {
        return "SourceDatabase[" + jdbcUrl + " as " + user + "]"; // never the password
    }
}
