package io.sluice.fulfillment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfrastructureResource;
import io.sluice.testkit.compose.ComposedServiceChecks;

/** fulfillment's entry in docker-compose.yml against the service's configuration. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "fulfillment"))
class ComposeFileTest extends ComposedServiceChecks {

    @Override
    protected String service() {
        return "fulfillment";
    }

    @Override
    protected String database() {
        return "fulfillment";
    }
}
