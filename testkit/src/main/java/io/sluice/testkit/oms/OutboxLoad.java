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
 * A steady stream of outbox rows into {@code sluice.outbox_event}: {@code events} rows, {@code perTransaction}
 * per transaction, one transaction every {@code periodNanos}. Payload {@code {"n": i}}, aggregate ids
 * {@code A-0 … A-24} in turn, so that per-aggregate order can be checked from the payload.
 */
public final class OutboxLoad implements Runnable {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String aggregateType;
    private final int events;
    private final int perTransaction;
    private final long periodNanos;
    private final Set<String> committed = ConcurrentHashMap.newKeySet();

    public OutboxLoad(String jdbcUrl, String user, String password, String aggregateType, int events, int perTransaction, long periodNanos) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.aggregateType = aggregateType;
        this.events = events;
        this.perTransaction = perTransaction;
        this.periodNanos = periodNanos;
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
     * Where the first deliveries of an aggregate's events are not in the order they were written: one
     * line per violation, empty when the order holds. Replayed duplicates are skipped (their first
     * delivery counts).
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
            Integer previous = last.put(record.key(), n);
            if (previous != null && previous >= n) {
                violations.add("aggregate " + record.key() + ": event " + n + " after " + previous);
            }
        }
        return violations;
    }

    @Override
    public void run() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO sluice.outbox_event (id, aggregatetype, aggregateid, type, payload)"
                        + " VALUES (?, ?, ?, 'LoadProbed', CAST(? AS jsonb))")) {
            connection.setAutoCommit(false);
            Set<String> open = new HashSet<>();
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, aggregateType);
                insert.setString(3, "A-" + (i % 25));
                insert.setString(4, "{\"n\":" + i + "}");
                insert.executeUpdate();
                open.add(id.toString());
                if (i % perTransaction == perTransaction - 1 || i == events - 1) {
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
