package io.sluice.testkit.oms;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Plays the legacy application: registers customers, places orders with lines, moves orders
 * through their states (NW → PK → SH → DL, some cancelled) and changes contact details — one
 * action per {@link #step()}, each printed as one line.
 */
public final class LegacyTrafficSimulator {

    private static final String[] ITEMS = {"WIDGET-01", "GADGET-07", "SPROCKET-3", "FLANGE-12", "GASKET-5"};
    private static final String[] NAMES = {"ACME GMBH", "MUELLER KG", "SCHMIDT & SOHN", "WEBER AG", "FISCHER OHG", "MEYER GMBH"};
    private static final List<String> LIFECYCLE = List.of("NW", "PK", "SH", "DL");

    private final LegacyOms oms;
    private final Consumer<String> out;
    private final Random random;
    private final List<String> customers = new ArrayList<>();
    private final List<int[]> openOrders = new ArrayList<>(); // {orderNo, lifecycle index}
    private final long customerBase = System.currentTimeMillis() / 1000 % 1_000_000 * 1000; // unique across runs on one database
    private int customerSeq;

    public LegacyTrafficSimulator(LegacyOms oms, Consumer<String> out, long seed) {
        this.oms = oms;
        this.out = out;
        this.random = new Random(seed);
    }

    /** Performs one legacy action. */
    public void step() {
        int dice = random.nextInt(10);
        if (customers.isEmpty() || dice == 0) {
            registerCustomer();
        } else if (dice <= 4 || openOrders.isEmpty()) {
            placeOrder();
        } else if (dice <= 8) {
            advanceOrder();
        } else {
            changeContactDetails();
        }
    }

    private void registerCustomer() {
        String customerNo = String.format("C%09d", customerBase + ++customerSeq);
        String name = NAMES[random.nextInt(NAMES.length)];
        String mailbox = name.toLowerCase().replaceAll("[^a-z]", "");
        oms.registerCustomer(customerNo, name, mailbox + "@example.com", "+49 30 " + (1000000 + random.nextInt(8999999)), LocalDate.now());
        customers.add(customerNo);
        out.accept("legacy: INSERT CUSTMST  " + customerNo + " " + name);
    }

    private void placeOrder() {
        String customerNo = customers.get(random.nextInt(customers.size()));
        List<LegacyOms.Line> lines = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            lines.add(new LegacyOms.Line(ITEMS[random.nextInt(ITEMS.length)], 1 + random.nextInt(5), 199 + random.nextInt(9800)));
        }
        int orderNo = oms.placeOrder(customerNo, LocalDate.now(), lines);
        openOrders.add(new int[]{orderNo, 0});
        out.accept("legacy: INSERT ORDHDR   " + orderNo + " for " + customerNo + " with " + lines.size() + " line(s)");
    }

    private void advanceOrder() {
        int[] order = openOrders.get(random.nextInt(openOrders.size()));
        String next;
        if (order[1] < 2 && random.nextInt(6) == 0) {
            next = "CX";
            openOrders.remove(order);
        } else {
            order[1]++;
            next = LIFECYCLE.get(order[1]);
            if (order[1] == LIFECYCLE.size() - 1) {
                openOrders.remove(order);
            }
        }
        oms.changeOrderStatus(order[0], next, LocalDate.now());
        out.accept("legacy: UPDATE ORDHDR   " + order[0] + " ORD_STS=" + next);
    }

    private void changeContactDetails() {
        String customerNo = customers.get(random.nextInt(customers.size()));
        oms.changeContactDetails(customerNo, "contact" + random.nextInt(100) + "@example.org",
                "+49 40 " + (1000000 + random.nextInt(8999999)));
        out.accept("legacy: UPDATE CUSTMST  " + customerNo + " EMAIL_ADR, PHONE_NO");
    }
}
