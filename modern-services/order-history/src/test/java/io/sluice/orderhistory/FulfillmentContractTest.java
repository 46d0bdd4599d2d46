package io.sluice.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

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
import io.sluice.orderhistory.events.OrderEvents;

/** What order-history relies on in the fulfillment service's events; fulfillment's build verifies it. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Contracts.FULFILLMENT, providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class FulfillmentContractTest {

    @Pact(consumer = Contracts.ORDER_HISTORY)
    MessagePact shipmentDispatched(MessagePactBuilder builder) {
        return builder.given("a pending shipment is dispatched")
                .expectsToReceive("a ShipmentDispatched event with carrier and tracking number")
                .withMetadata(Contracts.event("ShipmentDispatched"))
                .withContent(new PactDslJsonBody()
                        .uuid("shipmentId")
                        .stringType("orderId", "100007")
                        .stringType("carrier", "DHL")
                        .stringType("trackingNumber", "JD014600006281"))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "shipmentDispatched")
    void readsShipmentDispatched(List<Message> messages) throws IOException {
        OrderEvents.ShipmentDispatched dispatched = EventData.read(messages.get(0).contentsAsBytes(), OrderEvents.ShipmentDispatched.class);
        assertThat(dispatched.orderId()).isEqualTo("100007");
        assertThat(dispatched.trackingNumber()).isEqualTo("JD014600006281");
    }
}
