package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.source.SourceFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Retention-based cleanup of outbox tables ({@code sluice.outbox.retention}). The relay reads events
 * from the change log, not from the table, so deleting old rows loses nothing the log still holds.
 */
@ApplicationScoped
public class OutboxCleaner {

    private static final Logger LOG = Logger.getLogger(OutboxCleaner.class);

    @Inject
    RelayConfig config;
    @Inject
    DataSource dataSource;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** Quarkus's managed executor: runs the cleaner. */
    @Inject
    ScheduledExecutorService executor;

    private ScheduledFuture<?> schedule;

    void onStart(@Observes StartupEvent event) {
        config.outbox().retention().ifPresent(retention -> {
            long every = config.outbox().cleanupInterval().toMillis();
            schedule = executor.scheduleWithFixedDelay(() -> cleanAll(retention), every, every, TimeUnit.MILLISECONDS);
            LOG.infof("Deleting outbox rows older than %s every %s", retention, config.outbox().cleanupInterval());
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    /** Deletes rows older than the retention from every outbox table; returns how many. */
    public int cleanAll(Duration retention) {
        int deleted = 0;
        for (String name : config.outbox().tables()) {
            TableId table = TableId.parse(name);
            String sql = SourceFamily.of(jdbcUrl).deleteOlderThan(table, config.outbox().columns().timestamp());
            try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setDouble(1, retention.toMillis() / 1000.0);
                int rows = delete.executeUpdate();
                deleted += rows;
                if (rows > 0) {
                    LOG.debugf("Deleted %d outbox row(s) older than %s from %s", rows, retention, table);
                }
            } catch (SQLException e) {
                LOG.warnf("Outbox cleanup of %s failed (will try again in %s): %s", table, config.outbox().cleanupInterval(),
                        e.getMessage());
            }
        }
        return deleted;
    }
}
