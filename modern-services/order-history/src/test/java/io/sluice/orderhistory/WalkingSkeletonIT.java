package io.sluice.orderhistory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.sluice.testkit.oms.LegacyOms;

/**
 * The walking skeleton, real from end to end: a row inserted into a legacy table is captured by
 * the packaged relay (Debezium, pgoutput), mapped into {@code OrderPlaced}, published to Kafka,
 * consumed by the packaged order-history service, stored with Panache and served over REST.
 * {@link WalkingSkeletonMariaDbIT}: the same scenario with the legacy OMS on MariaDB.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EndToEndResource.class, restrictToAnnotatedClass = true)
class WalkingSkeletonIT extends LegacyOrderToRestScenario {

    @Override
    protected LegacyOms legacy() {
        return EndToEndResource.legacy();
    }
}
