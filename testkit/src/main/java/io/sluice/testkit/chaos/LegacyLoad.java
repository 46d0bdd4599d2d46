package io.sluice.testkit.chaos;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.sluice.testkit.oms.LegacyOms;

/**
 * Steady legacy traffic that survives database restarts: new orders (header and lines in one
 * transaction) and status changes NW → PK → SH, one step per transaction. A failed statement is
 * dropped and the connection re-opened; what really committed is read back from the database at the
 * end, so an ambiguous commit (connection lost after COMMIT was sent) cannot fool the verdict.
 */
final class LegacyLoad implements Runnable {

    static final int CUSTOMERS = 20;

    private final Supplier<LegacyOms> connect;
    private final double ordersPerSecond;
    private final Random random = new Random(42);
    private final Map<Integer, String> believed = new ConcurrentHashMap<>();
    private final List<Integer> open = new ArrayList<>();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    LegacyLoad(Supplier<LegacyOms> connect, double ordersPerSecond) {
        this.connect = connect;
        this.ordersPerSecond = ordersPerSecond;
    }

    void registerCustomers() {
        try (LegacyOms oms = connect.get()) {
            for (int i = 0; i < CUSTOMERS; i++) {
                oms.registerCustomer(customer(i), "CHAOS CUSTOMER " + i, "c" + i + "@example.com", "+49 30 " + (1000 + i),
                        LocalDate.of(2020, 1, 1));
            }
        }
    }

    static String customer(int i) {
        return String.format("CHAOS%05d", i);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long periodNanos = (long) (1_000_000_000L / (ordersPerSecond * 3)); // each order: insert + 2 status changes
        long next = System.nanoTime();
        LegacyOms oms = null;
        while (running) {
            next += periodNanos;
            try {
                if (oms == null) {
                    oms = connect.get();
                }
                step(oms);
                committed.incrementAndGet();
            } catch (IllegalStateException e) {
                failed.incrementAndGet();
                if (oms != null) {
                    oms.close();
                    oms = null;
                }
            }
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            } else if (sleep < -1_000_000_000L) {
                next = System.nanoTime(); // fell behind (database down): do not burst afterwards
            }
        }
        if (oms != null) {
            oms.close();
        }
    }

    private void step(LegacyOms oms) {
        if (open.isEmpty() || random.nextInt(3) == 0) {
            int lines = 1 + random.nextInt(3);
            List<LegacyOms.Line> order = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                order.add(new LegacyOms.Line("ITEM-" + random.nextInt(50), 1 + random.nextInt(5), 100 + random.nextInt(10_000)));
            }
            int orderNo = oms.placeOrder(customer(random.nextInt(CUSTOMERS)), LocalDate.of(2026, 11, 25), order);
            believed.put(orderNo, "NW");
            open.add(orderNo);
            return;
        }
        int index = random.nextInt(open.size());
        int orderNo = open.get(index);
        String next = "NW".equals(believed.get(orderNo)) ? "PK" : "SH";
        oms.changeOrderStatus(orderNo, next, LocalDate.of(2026, 11, 26));
        believed.put(orderNo, next);
        if ("SH".equals(next)) {
            open.remove(index);
        }
    }
}
