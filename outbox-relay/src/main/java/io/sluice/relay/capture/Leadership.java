package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.jboss.logging.Logger;

/**
 * Which of the relay instances attached to one replication slot streams from it. Nothing but PostgreSQL
 * is needed:
 * <ul>
 * <li>the leader holds a session-level advisory lock named after the slot, on a connection of its own.
 * When the leader's process dies, PostgreSQL ends that session and releases the lock: a standby that
 * polls for it takes over;</li>
 * <li>the leader renews a lease by running a trivial query on that connection every poll interval.
 * PostgreSQL records when each session last changed state ({@code pg_stat_activity.state_change}); a
 * standby that finds the lock holder silent for longer than the lease timeout (a frozen or partitioned
 * process still holds its socket, and so the lock) terminates the holder's session and the walsender
 * still reading the slot, then takes the lock;</li>
 * <li>a new leader terminates any walsender still reading the slot before it starts streaming. What the
 * former leader still has in flight on Kafka is fenced by the shared transactional id: the new leader's
 * producer bumps its epoch, and every later send or commit of the former one fails.</li>
 * </ul>
 * Not thread-safe: the supervisor's thread acquires and releases, the renewal thread renews, never at the
 * same time as an acquisition.
 */
final class Leadership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Leadership.class);
    /** First half of the advisory lock key: Sluice's own key space ("SLCE"). */
    private static final int LOCK_SPACE = 0x534C4345;

    /** The instance that leads, as a standby sees it. */
    record Leader(String instance, int backendPid, Duration silentFor) {
        @Override
        public String toString() {
            return instance + " (source backend pid " + backendPid + ", last renewed " + silentFor.toMillis() / 1000.0 + " s ago)";
        }
    }

    private final SourceDatabase database;
    private final String slotName;
    private final String instance;
    private final Duration leaseTimeout;
    private final int lockKey;
    private Connection session;
    private volatile boolean leader;

    Leadership(SourceDatabase database, String slotName, String instance, Duration leaseTimeout) {
        this.database = database;
        this.slotName = slotName;
        this.instance = instance;
        this.leaseTimeout = leaseTimeout;
        this.lockKey = slotName.hashCode() & 0x7fffffff;
    }

    boolean isLeader() {
        return leader;
    }

    String instance() {
        return instance;
    }

    /**
     * Tries once to become the leader. A leader silent for longer than the lease timeout is fenced
     * (its sessions terminated) so that the next attempt can succeed.
     *
     * @return empty when this instance now leads; otherwise the instance that does
     * @throws SQLException when the source database cannot be asked
     */
    Optional<Leader> tryAcquire() throws SQLException {
        if (leader) {
            return Optional.empty();
        }
        Connection connection = session();
        if (lock(connection)) {
            leader = true;
            terminateFormerReader(connection);
            LOG.infof("This instance (%s) now leads replication slot %s", instance, slotName);
            return Optional.empty();
        }
        Optional<Leader> current = currentLeader(connection);
        if (current.isPresent() && current.get().silentFor().compareTo(leaseTimeout) > 0) {
            Leader stale = current.get();
            LOG.warnf("Relay instance %s leads replication slot %s but has not renewed its lease for %d ms (sluice.ha.lease-timeout=%s):"
                    + " fencing it (terminating its source sessions)", stale.instance(), slotName, stale.silentFor().toMillis(), leaseTimeout);
            terminate(connection, stale.backendPid());
            terminateSlotReader(connection);
        }
        return current;
    }

    /**
     * Renews the lease: a query on the session that holds the lock.
     *
     * @throws SQLException when the session is gone: the lock is lost, another instance may lead now
     */
    void renew() throws SQLException {
        if (!leader) {
            throw new SQLException("not the leader of replication slot " + slotName);
        }
        try (Statement statement = session.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    /** Gives the leadership up (if held) by ending the session that holds the lock. */
    void release() {
        leader = false;
        closeSession();
    }

    @Override
    public void close() {
        release();
    }

    private boolean lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            lock.setInt(1, LOCK_SPACE);
            lock.setInt(2, lockKey);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private Optional<Leader> currentLeader(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.pid, a.application_name,
                       extract(epoch FROM clock_timestamp() - coalesce(a.state_change, a.backend_start)) * 1000 AS silent_ms
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = ? AND l.objid::bigint = ?""")) {
            query.setLong(1, LOCK_SPACE);
            query.setLong(2, lockKey);
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty(); // released in between
                }
                String name = result.getString(2);
                return Optional.of(new Leader(name == null || name.isBlank() ? "(unnamed session)" : name, result.getInt(1),
                        Duration.ofMillis(Math.max(0, result.getLong(3)))));
            }
        }
    }

    /** A former leader's walsender may still read the slot (frozen or cut-off process): end it before streaming. */
    private void terminateFormerReader(Connection connection) throws SQLException {
        Instant deadline = Instant.now().plus(leaseTimeout);
        boolean terminated = false;
        while (true) {
            Integer reader = slotReader(connection);
            if (reader == null) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SQLException("Replication slot " + slotName + " is still read by source backend pid " + reader
                        + " after it was terminated; is another program reading it?");
            }
            if (!terminated) {
                LOG.warnf("Replication slot %s is still read by source backend pid %d (a former leader): terminating it", slotName, reader);
                terminate(connection, reader);
                terminated = true;
            }
            try {
                Thread.sleep(50); // the backend exits asynchronously after pg_terminate_backend; polled until the slot is free
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for replication slot " + slotName + " to be free", e);
            }
        }
    }

    private void terminateSlotReader(Connection connection) throws SQLException {
        Integer reader = slotReader(connection);
        if (reader != null) {
            terminate(connection, reader);
        }
    }

    private Integer slotReader(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
            query.setString(1, slotName);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getInt(1) : null;
            }
        }
    }

    private static void terminate(Connection connection, int pid) throws SQLException {
        try (PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            terminate.setInt(1, pid);
            terminate.execute();
        }
    }

    private Connection session() throws SQLException {
        if (session != null && !session.isClosed()) {
            return session;
        }
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("ApplicationName", instance);
        properties.setProperty("connectTimeout", "5");
        // a renewal that hangs (network cut) fails before a standby would fence this instance
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, leaseTimeout.toSeconds() / 2)));
        properties.setProperty("tcpKeepAlive", "true");
        session = DriverManager.getConnection(database.jdbcUrl(), properties);
        session.setAutoCommit(true);
        return session;
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debugf("Closing the leadership session failed: %s", e.getMessage());
            }
            session = null;
        }
    }

    /** This instance's name: {@code sluice-relay <name>}, by default {@code <host>/<pid>}. */
    static String instanceName(Optional<String> configured) {
        return "sluice-relay " + configured.orElseGet(() -> {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return host + "/" + ProcessHandle.current().pid();
        });
    }
}
