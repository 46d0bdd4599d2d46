package io.sluice.orderhistory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.sluice.testkit.oms.LegacyOms;

/**
 * The full loop of {@code scripts/demo --source=mariadb}, real from end to end: legacy rows written to MariaDB are
 * read from its binlog by the packaged relay (Debezium's MariaDB connector) with the same mapping files as on
 * PostgreSQL, published as {@code OrderPlaced} / {@code OrderStatusChanged}, consumed by the packaged order-history
 * service (its database on PostgreSQL) and served over REST: the scenario of {@link WalkingSkeletonIT}, unchanged.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EndToEndMariaDbResource.class, restrictToAnnotatedClass = true)
class WalkingSkeletonMariaDbIT extends LegacyOrderToRestScenario {

    @Override
    protected LegacyOms legacy() {
        return EndToEndMariaDbResource.legacy();
    }
}
