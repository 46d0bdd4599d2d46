package io.sluice.relay.capture;

import java.util.Properties;

import org.postgresql.Driver;

/** The source database, as given by the relay's datasource settings. */
public record SourceDatabase(String jdbcUrl, String host, int port, String database, String user, String password) {

    /**
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL with host and database
     */
    public static SourceDatabase of(String jdbcUrl, String user, String password) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw new IllegalArgumentException("quarkus.datasource.jdbc.url=" + jdbcUrl
                    + " is not a PostgreSQL JDBC URL: use jdbc:postgresql://<host>:<port>/<database>");
        }
        String host = parsed.getProperty("PGHOST").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        return new SourceDatabase(jdbcUrl, host, port, parsed.getProperty("PGDBNAME"), user, password == null ? "" : password);
    }

    @Override
    public String toString() {
        return "SourceDatabase[" + jdbcUrl + " as " + user + "]"; // never the password
    }
}
