package io.sluice.relay.source;

/**
 * MariaDB ({@code jdbc:mariadb:} URLs), read with Debezium's MariaDB connector, which reads MariaDB's
 * domain-server-sequence GTIDs.
 */
public final class MariaDbFamily extends BinlogFamily {

    static final MariaDbFamily INSTANCE = new MariaDbFamily();

    private MariaDbFamily() {
    }

    @Override
    public String displayName() {
        return "MariaDB";
    }

    @Override
    String urlScheme() {
        return "jdbc:mariadb";
    }

    @Override
    String connectorClass() {
        return "io.debezium.connector.mariadb.MariaDbConnector";
    }

    @Override
    String binlogMonitorGrant(String user) {
        return "GRANT BINLOG MONITOR ON *.* TO " + user + " (REPLICATION CLIENT before MariaDB 10.5)";
    }

    /** MariaDB's own column, in milliseconds. */
    @Override
    String processlistMillis() {
        return "TIME_MS";
    }
}
