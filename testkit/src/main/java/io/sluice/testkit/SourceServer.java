package io.sluice.testkit;

/**
 * A source database server of either family as a test sees it: the shared PostgreSQL ({@link SluiceInfrastructure}) or
 * the shared MariaDB ({@link MariaDbSource}). Lets one scenario run against both.
 */
public interface SourceServer {

    /** JDBC URL of a database on this server. */
    String jdbcUrl(String database);

    /** Creates a database on the server if it does not exist. */
    void createDatabase(String database);

    String user();

    String password();
}
