package io.sluice.relay.source;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The relay's datasource driver: PostgreSQL's or MariaDB's, by the JDBC URL. Quarkus fixes a datasource's driver
 * at build time ({@code db-kind}); with this one ({@code db-kind=other}) one relay build reads either family, the
 * family following from {@code quarkus.datasource.jdbc.url} at run time.
 */
public final class SourceDriver implements Driver {

    private final Driver postgres = new org.postgresql.Driver();
    private final Driver mariadb = new org.mariadb.jdbc.Driver();

    private Driver of(String url) {
        if (url == null) {
            return null;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return postgres;
        }
        if (url.startsWith("jdbc:mariadb:")) {
            return mariadb;
        }
        if (url.startsWith("jdbc:mysql:")) {
            // the MariaDB driver reads MySQL servers; it accepts jdbc:mysql: URLs only when told so
            return mariadb;
        }
        return null;
    }

    private static String forDriver(String url) {
        if (url.startsWith("jdbc:mysql:") && !url.contains("permitMysqlScheme")) {
            return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
        }
        return url;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Driver driver = of(url);
        return driver == null ? null : driver.connect(forDriver(url), info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return of(url) != null;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Driver driver = of(url);
        return driver == null ? new DriverPropertyInfo[0] : driver.getPropertyInfo(forDriver(url), info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }
}
