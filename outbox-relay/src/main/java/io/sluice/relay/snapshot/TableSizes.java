package io.sluice.relay.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.sluice.adapter.change.TableId;

/**
 * How many rows a snapshot of a table should expect: PostgreSQL's estimate ({@code pg_class.reltuples}, kept by
 * VACUUM and ANALYZE) for large tables, an exact {@code count(*)} for small or never analysed ones.
 */
final class TableSizes {

    private static final Logger LOG = Logger.getLogger(TableSizes.class);
    /** Below this estimate, counting is cheap enough to be exact. */
    static final long COUNT_BELOW = 1_000_000;
    private static final int COUNT_TIMEOUT_SECONDS = 10;

    record Size(Long rows, boolean estimated) {
    }

    private TableSizes() {
    }

    static Size of(DataSource dataSource, TableId table) {
        String quoted = quote(table.schema()) + "." + quote(table.table());
        long estimate = -1;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement query = connection
                    .prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
                query.setString(1, quoted);
                try (ResultSet result = query.executeQuery()) {
                    if (result.next()) {
                        estimate = result.getLong(1);
                    }
                }
            }
            if (estimate >= COUNT_BELOW) {
                return new Size(estimate, true);
            }
            try (Statement count = connection.createStatement()) {
                count.setQueryTimeout(COUNT_TIMEOUT_SECONDS);
                try (ResultSet result = count.executeQuery("SELECT count(*) FROM " + quoted)) {
                    result.next();
                    return new Size(result.getLong(1), false);
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot count the rows of %s for the snapshot's progress: %s", table, e.getMessage());
            return estimate >= 0 ? new Size(estimate, true) : new Size(null, false);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
