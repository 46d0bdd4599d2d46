package io.sluice.relay.mariadb;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.oms.LegacyOmsMariaDbResource;

/**
 * {@link MariaDbRelayProfile} on a database that already holds orders when the relay starts: a customer of its own with
 * {@link #ORDERS} orders of {@link #LINES} lines each, written before the relay's first start. The relay has a capture
 * stream of its own (slot name) and starts streaming from the end of the binlog (no initial snapshot), so these orders
 * reach Kafka only through an incremental snapshot; its events go to topics of their own ({@code mdbsnap.<aggregate>.events}).
 */
public class MariaDbSnapshotProfile implements QuarkusTestProfile {

    /** Orders in the table before the relay starts: more than one Debezium chunk (1,024 rows) and several children chunks. */
    static final int ORDERS = 1_500;
    static final int LINES = 3;
    /** Where the test finds the customer whose orders were written before the relay started. */
    static final String CUSTOMER_KEY = "test.mariadb-snapshot.customer";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    public static class Resource extends MariaDbRelayProfile.Resource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            String customer = "E" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
            try (LegacyOms oms = LegacyOmsMariaDbResource.connect()) {
                oms.registerCustomer(customer, "EXISTING ORDERS KG", null, null, LocalDate.of(2005, 1, 1));
                for (int i = 0; i < ORDERS; i++) {
                    oms.placeOrder(customer, LocalDate.of(2010, 1, 1).plusDays(i % 365), List.of(new LegacyOms.Line("WIDGET-01", 1, 100),
                            new LegacyOms.Line("GADGET-07", 2, 200), new LegacyOms.Line("FLANGE-12", 3, 300)));
                }
            }
            config.put(CUSTOMER_KEY, customer);
            // a stream of its own: no position stored by another test's relay, so it starts at the binlog's end
            config.put("sluice.source.slot-name", "sluice_mariadb_snapshot");
            config.put("sluice.publish.topic-pattern", "mdbsnap.{aggregate}.events");
            return config;
        }
    }
}
