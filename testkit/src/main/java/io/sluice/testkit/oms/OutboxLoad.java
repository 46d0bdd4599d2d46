package io.sluice.testkit.oms;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.sluice.adapter.event.CloudEventHeaders;
import io.sluice.testkit.kafka.RecordCollector;

/**
 * A steady stream of outbox rows into {@code sluice.outbox_event} (PostgreSQL or MariaDB): {@code events} rows (or fewer, when
 * {@link #stop() stopped}), {@code perTransaction} per transaction, one transaction every {@code periodNanos}.
 * Payload {@code {"n": i}}, aggregate ids {@code A-0 … A-24} in turn, aggregate types (so topics) in turn when
 * several are given, so that per-aggregate order can be checked from the payload.
 */
public final class OutboxLoad implements Runnable {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<String> aggregateTypes;
    private volatile boolean stopped;
    private final int events;
    private final int perTransaction;
    private final long periodNanos;
    private final Set<String> committed = ConcurrentHashMap.newKeySet();

    public OutboxLoad(String jdbcUrl, String user, String password, String aggregateType, int events, int perTransaction,
            long periodNanos) {
        this(jdbcUrl, user, password, List.of(aggregateType), events, perTransaction, periodNanos);
    }

    /** @param aggregateTypes the event of row {@code i} has aggregate type {@code aggregateTypes[i % size]} (so topic {@code <type>.events}) */
    public OutboxLoad(String jdbcUrl, String user, String password, List<String> aggregateTypes, int events, int perTransaction,
            long periodNanos) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.aggregateTypes = List.copyOf(aggregateTypes);
        this.events = events;
        this.perTransaction = perTransaction;
        this.periodNanos = periodNanos;
    }

    /** Stops the load after the transaction in progress. */
    public void stop() {
        stopped = true;
    }

    /** The ids of the events committed so far. */
    public Set<String> committed() {
        return Set.copyOf(committed);
    }

    /** The distinct event ids ({@code ce_id}) of the records. */
    public static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(RecordCollector.header(r, CloudEventHeaders.ID)));
        return ids;
    }

    /**
     * Where the first deliveries of an aggregate's events (topic and key) are not in the order they were
     * written: one line per violation, empty when the order holds. Replayed duplicates are skipped (their
     * first delivery counts).
     */
    public static List<String> orderViolations(List<ConsumerRecord<String, String>> records) {
        Map<String, Integer> last = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> violations = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (!seen.add(RecordCollector.header(record, CloudEventHeaders.ID))) {
                continue;
            }
            int n = Integer.parseInt(record.value().replaceAll("\\D", ""));
            Integer previous = last.put(record.topic() + "/" + record.key(), n);
            if (previous != null && previous >= n) {
                violations.add("aggregate " + record.key() + " on " + record.topic() + ": event " + n + " after " + previous);
            }
        }
        return violations;
    }

    @Override
    public void run() {
        boolean mariadb = LegacyOms.isMariaDb(jdbcUrl);
        // PostgreSQL's outbox has a uuid id and a jsonb payload; MariaDB's a CHAR(36) id and a JSON (text) payload
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement insert = connection
                        .prepareStatement("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload)"
                                + (mariadb ? " VALUES (?, ?, ?, 'LoadProbed', ?)" : " VALUES (?, ?, ?, 'LoadProbed', CAST(? AS jsonb))"))) {
            connection.setAutoCommit(false);
            Set<String> open = new HashSet<>();
            long next = System.nanoTime();
            for (int i = 0; i < events && !stopped; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, mariadb ? id.toString() : id);
                insert.setString(2, aggregateTypes.get(i % aggregateTypes.size()));
                insert.setString(3, "A-" + (i % 25));
                insert.setString(4, "{\"n\":" + i + "}");
                insert.addBatch(); // one round trip per transaction: thousands of events per second from one connection
                open.add(id.toString());
                if (i % perTransaction == perTransaction - 1 || i == events - 1 || stopped) {
                    insert.executeBatch();
                    connection.commit();
                    committed.addAll(open);
                    open.clear();
                    next += periodNanos;
                    LockSupport.parkNanos(next - System.nanoTime()); // pacing the load, not waiting for a result
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Outbox load into " + jdbcUrl + " failed", e);
        }
    }
}
