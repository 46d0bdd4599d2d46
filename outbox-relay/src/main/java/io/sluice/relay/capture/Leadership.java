package io.sluice.relay.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.jboss.logging.Logger;

import io.sluice.relay.source.SourceFamily;

/**
 * Which of the relay instances attached to one replication slot streams from it. Nothing but the source
 * database is needed (the SQL of each family is its {@link SourceFamily.LeaderLock}; PostgreSQL's is described here,
 * MariaDB's uses {@code GET_LOCK}, {@code information_schema.PROCESSLIST} and {@code KILL CONNECTION} the same way):
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
    /** The instance that leads, as a standby sees it. */
    record Leader(String instance, long backendPid, Duration silentFor) {
        @Override
        public String toString() {
            return instance + " (source session " + backendPid + ", last renewed " + silentFor.toMillis() / 1000.0 + " s ago)";
        }
    }

    private final SourceDatabase database;
    private final String slotName;
    private final String instance;
    private final Duration leaseTimeout;
    private final SourceFamily.LeaderLock lock;
    private final InstanceTable instances;
    private final RelayStatus status;
    private Connection session;
    private String registryProblem;
    private volatile boolean leader;

    Leadership(SourceDatabase database, String slotName, String instance, Duration leaseTimeout, RelayStatus status) {
        this.database = database;
        this.slotName = slotName;
        this.instance = instance;
        this.leaseTimeout = leaseTimeout;
        this.lock = database.family().leaderLock(slotName);
        this.instances = new InstanceTable(database.family(), slotName);
        this.status = status;
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
        if (lock.tryLock(connection, instance)) {
            leader = true;
            terminateFormerReader(connection);
            LOG.infof("This instance (%s) now leads replication slot %s", instance, slotName);
            beat(Optional.empty());
            return Optional.empty();
        }
        Optional<Leader> current = currentLeader(connection);
        if (current.isPresent() && current.get().silentFor().compareTo(leaseTimeout) > 0) {
            Leader stale = current.get();
            LOG.warnf("Relay instance %s leads replication slot %s but has not renewed its lease for %d ms (sluice.ha.lease-timeout=%s):"
                    + " fencing it (terminating its source sessions)", stale.instance(), slotName, stale.silentFor().toMillis(),
                    leaseTimeout);
            terminate(connection, stale.backendPid());
            terminateSlotReader(connection);
        }
        beat(current);
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
        beat(Optional.empty());
    }

    /** Gives the leadership up (if held) by ending the session that holds the lock. */
    void release() {
        leader = false;
        status.instances(java.util.List.of()); // unknown without a session on the source
        closeSession();
    }

    /** Stops: removes this instance's row from the list of instances, then releases. */
    @Override
    public void close() {
        if (session != null) {
            try {
                instances.leave(session, instance);
            } catch (SQLException e) {
                LOG.debugf("Removing this instance from %s failed: %s", InstanceTable.TABLE, e.getMessage());
            }
        }
        release();
    }

    /**
     * Records this instance in {@code sluice.relay_instance} and refreshes the list of the slot's instances
     * ({@link RelayStatus#instances()}). A failure is logged and leaves the list as it was: the list serves operators, and
     * never decides leadership.
     */
    private void beat(Optional<Leader> otherLeader) {
        try {
            RelayStatus.State state = status.state();
            String reported = leader && state == RelayStatus.State.STANDBY ? RelayStatus.State.STARTING.name() : state.name();
            instances.beat(session, instance, leader ? SlotInstance.LEADER : SlotInstance.STANDBY, reported, status.paused());
            var rows = instances.rows(session);
            status.instances(SlotInstances.list(rows, instance, leader, otherLeader, leaseTimeout, Instant.now()));
            if (rows.stream().anyMatch(r -> r.silentFor().compareTo(InstanceTable.PURGE_AFTER) > 0)) {
                instances.purge(session);
            }
            registryProblem = null;
        } catch (SQLException e) {
            if (!java.util.Objects.equals(e.getMessage(), registryProblem)) {
                LOG.warnf("Cannot record this instance in %s; the list of the slot's instances (status, console) is not refreshed: %s",
                        InstanceTable.TABLE, e.getMessage());
            }
            registryProblem = e.getMessage();
        }
    }

    private Optional<Leader> currentLeader(Connection connection) throws SQLException {
        return lock.holder(connection).map(h -> new Leader(h.instance(), h.sessionId(), h.silentFor()));
    }

    /** A former leader's walsender may still read the slot (frozen or cut-off process): end it before streaming. */
    private void terminateFormerReader(Connection connection) throws SQLException {
        Instant deadline = Instant.now().plus(leaseTimeout);
        boolean terminated = false;
        while (true) {
            Long reader = lock.streamReader(connection).orElse(null);
            if (reader == null) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SQLException("Replication slot " + slotName + " is still read by source session " + reader
                        + " after it was terminated; is another program reading it?");
            }
            if (!terminated) {
                LOG.warnf("Replication slot %s is still read by source session %d (a former leader): terminating it", slotName, reader);
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
        Optional<Long> reader = lock.streamReader(connection);
        if (reader.isPresent()) {
            terminate(connection, reader.get());
        }
    }

    private void terminate(Connection connection, long session) throws SQLException {
        lock.terminate(connection, session);
    }

    private Connection session() throws SQLException {
        if (session != null && !session.isClosed()) {
            return session;
        }
        Properties properties = lock.sessionProperties(instance, leaseTimeout);
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
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
