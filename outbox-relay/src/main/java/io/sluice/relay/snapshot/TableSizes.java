package io.sluice.relay.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.sluice.adapter.change.TableId;
import io.sluice.relay.source.SourceFamily;

/**
 * How many rows a snapshot of a table should expect: the source's own estimate ({@link SourceFamily#estimatedRows}:
 * PostgreSQL's {@code pg_class.reltuples}, MariaDB's {@code information_schema.TABLES.TABLE_ROWS}) for large tables, an
 * exact {@code count(*)} for small or never analysed ones.
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

    static Size of(DataSource dataSource, SourceFamily family, TableId table) {
        OptionalLong estimate = OptionalLong.empty();
        try (Connection connection = dataSource.getConnection()) {
            estimate = family.estimatedRows(connection, table);
            if (estimate.isPresent() && estimate.getAsLong() >= COUNT_BELOW) {
                return new Size(estimate.getAsLong(), true);
            }
            try (Statement count = connection.createStatement()) {
                count.setQueryTimeout(COUNT_TIMEOUT_SECONDS);
                try (ResultSet result = count.executeQuery("SELECT count(*) FROM " + family.quote(table))) {
                    result.next();
                    return new Size(result.getLong(1), false);
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot count the rows of %s for the snapshot's progress: %s", table, e.getMessage());
            return estimate.isPresent() ? new Size(estimate.getAsLong(), true) : new Size(null, false);
        }
    }
}
