package io.sluice.orderhistory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.compose.ComposedServiceChecks;

/** order-history's entry in docker-compose.yml against the service's configuration. */
@QuarkusTest
@QuarkusTestResource(OrderHistoryDatabaseResource.class)
class ComposeFileTest extends ComposedServiceChecks {

    @Override
    protected String service() {
        return "order-history";
    }

    @Override
    protected String database() {
        return "order_history";
    }
}
