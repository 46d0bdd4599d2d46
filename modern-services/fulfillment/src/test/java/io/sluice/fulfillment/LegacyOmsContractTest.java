package io.sluice.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.model.messaging.MessagePact;
import io.sluice.consumer.EventData;

/**
 * What fulfillment relies on in the events Sluice derives from the legacy OMS (written to
 * {@code contracts/pacts/fulfillment-sluice-legacy-oms.json}, verified by the relay's build): less than
 * order-history needs, which is the point of consumer-driven contracts.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "sluice-legacy-oms", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class LegacyOmsContractTest {

    @Pact(consumer = "fulfillment")
    MessagePact orderPlaced(MessagePactBuilder builder) {
        return builder.given("an order with lines is placed in OMS")
                .expectsToReceive("an OrderPlaced event with the quantity of each line")
                .withMetadata(Map.of("ce_type", "OrderPlaced", "ce_eventversion", "1"))
                .withContent(new PactDslJsonBody()
                        .stringType("orderId", "100007")
                        .stringType("customerId", "C000000042")
                        .minArrayLike("lines", 1).integerType("quantity", 3).closeObject().closeArray())
                .toPact();
    }

    @Pact(consumer = "fulfillment")
    MessagePact orderCancelled(MessagePactBuilder builder) {
        return builder.given("an order is cancelled in OMS")
                .expectsToReceive("an OrderCancelled event")
                .withMetadata(Map.of("ce_type", "OrderCancelled", "ce_eventversion", "1"))
                .withContent(new PactDslJsonBody().stringType("orderId", "100001"))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "orderPlaced")
    void readsOrderPlaced(List<Message> messages) throws IOException {
        FulfillmentEvents.OrderPlaced placed = EventData.read(messages.get(0).contentsAsBytes(), FulfillmentEvents.OrderPlaced.class);
        assertThat(placed.customerId()).isEqualTo("C000000042");
        assertThat(placed.itemCount()).isEqualTo(3);
    }

    @Test
    @PactTestFor(pactMethod = "orderCancelled")
    void readsOrderCancelled(List<Message> messages) throws IOException {
        assertThat(EventData.read(messages.get(0).contentsAsBytes(), FulfillmentEvents.OrderCancelled.class).orderId()).isEqualTo("100001");
    }
}
