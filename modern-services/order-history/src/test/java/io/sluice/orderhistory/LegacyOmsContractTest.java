package io.sluice.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
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

/**
 * What order-history relies on in the events Sluice derives from the legacy OMS: written as Pact
 * message contracts to {@code contracts/pacts/order-history-sluice-legacy-oms.json}, which the relay's
 * build verifies against the real mappings. Each test feeds the contract's example through the
 * service's own reading code, so the contract cannot promise less than the service needs.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Contracts.LEGACY_OMS, providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V3)
class LegacyOmsContractTest {

    @Pact(consumer = Contracts.ORDER_HISTORY)
    MessagePact orderPlaced(MessagePactBuilder builder) {
        return builder.given("an order with lines is placed in OMS")
                .expectsToReceive("an OrderPlaced event with the order's lines")
                .withMetadata(Contracts.event("OrderPlaced"))
                .withContent(new PactDslJsonBody()
                        .stringType("orderId", "100007")
                        .stringType("customerId", "C000000042")
                        .localDate("orderDate", "yyyy-MM-dd", LocalDate.of(2026, 11, 24))
                        .stringMatcher("status", "NEW|PICKED|SHIPPED|DELIVERED|CANCELLED", "NEW")
                        .object("total").decimalType("amount", 47.40).stringType("currency", "EUR").closeObject()
                        .minArrayLike("lines", 1)
                        .integerType("lineNo", 1).stringType("itemCode", "SPROCKET-3").integerType("quantity", 3)
                        .decimalType("unitPrice", 12.50)
                        .closeObject().closeArray())
                .toPact();
    }

    @Pact(consumer = Contracts.ORDER_HISTORY)
    MessagePact orderStatusChanged(MessagePactBuilder builder) {
        return builder.given("an order is picked in OMS")
                .expectsToReceive("an OrderStatusChanged event")
                .withMetadata(Contracts.event("OrderStatusChanged"))
                .withContent(new PactDslJsonBody()
                        .stringType("orderId", "100001")
                        .stringMatcher("status", "NEW|PICKED|SHIPPED|DELIVERED|CANCELLED", "PICKED"))
                .toPact();
    }

    @Pact(consumer = Contracts.ORDER_HISTORY)
    MessagePact orderShipped(MessagePactBuilder builder) {
        return builder.given("an order is shipped in OMS")
                .expectsToReceive("an OrderShipped event with the ship date")
                .withMetadata(Contracts.event("OrderShipped"))
                .withContent(new PactDslJsonBody()
                        .stringType("orderId", "100001")
                        .localDate("shippedDate", "yyyy-MM-dd", LocalDate.of(2026, 11, 25)))
                .toPact();
    }

    @Pact(consumer = Contracts.ORDER_HISTORY)
    MessagePact orderCancelled(MessagePactBuilder builder) {
        return builder.given("an order is cancelled in OMS")
                .expectsToReceive("an OrderCancelled event")
                .withMetadata(Contracts.event("OrderCancelled"))
                .withContent(new PactDslJsonBody().stringType("orderId", "100001"))
                .toPact();
    }

    @Pact(consumer = Contracts.ORDER_HISTORY)
    MessagePact customerRegistered(MessagePactBuilder builder) {
        return builder.given("a customer registers in OMS")
                .expectsToReceive("a CustomerRegistered event")
                .withMetadata(Contracts.event("CustomerRegistered"))
                .withContent(new PactDslJsonBody()
                        .stringType("customerId", "C000000042")
                        .stringType("name", "Ada Lovelace")
                        .booleanType("active", true)
                        .localDate("registeredOn", "yyyy-MM-dd", LocalDate.of(2001, 2, 3)))
                .toPact();
    }

    @Pact(consumer = Contracts.ORDER_HISTORY)
    MessagePact customerDeactivated(MessagePactBuilder builder) {
        return builder.given("a customer is deactivated in OMS")
                .expectsToReceive("a CustomerDeactivated event")
                .withMetadata(Contracts.event("CustomerDeactivated"))
                .withContent(new PactDslJsonBody().stringType("customerId", "C000000042"))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "orderPlaced")
    void readsOrderPlaced(List<Message> messages) throws IOException {
        OrderEvents.OrderPlaced placed = EventData.read(messages.get(0).contentsAsBytes(), OrderEvents.OrderPlaced.class);
        assertThat(placed.orderId()).isEqualTo("100007");
        assertThat(placed.orderDate()).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(placed.total().amount()).isEqualByComparingTo("47.40");
        assertThat(placed.lines()).singleElement().satisfies(line -> assertThat(line.quantity()).isEqualTo(3));
    }

    @Test
    @PactTestFor(pactMethod = "orderStatusChanged")
    void readsOrderStatusChanged(List<Message> messages) throws IOException {
        assertThat(EventData.read(messages.get(0).contentsAsBytes(), OrderEvents.OrderStatusChanged.class).status()).isEqualTo("PICKED");
    }

    @Test
    @PactTestFor(pactMethod = "orderShipped")
    void readsOrderShipped(List<Message> messages) throws IOException {
        assertThat(EventData.read(messages.get(0).contentsAsBytes(), OrderEvents.OrderShipped.class).shippedDate())
                .isEqualTo(LocalDate.of(2026, 11, 25));
    }

    @Test
    @PactTestFor(pactMethod = "orderCancelled")
    void readsOrderCancelled(List<Message> messages) throws IOException {
        assertThat(EventData.read(messages.get(0).contentsAsBytes(), OrderEvents.OrderCancelled.class).orderId()).isEqualTo("100001");
    }

    @Test
    @PactTestFor(pactMethod = "customerRegistered")
    void readsCustomerRegistered(List<Message> messages) throws IOException {
        OrderEvents.CustomerRegistered registered = EventData.read(messages.get(0).contentsAsBytes(), OrderEvents.CustomerRegistered.class);
        assertThat(registered.name()).isEqualTo("Ada Lovelace");
        assertThat(registered.active()).isTrue();
    }

    @Test
    @PactTestFor(pactMethod = "customerDeactivated")
    void readsCustomerDeactivated(List<Message> messages) throws IOException {
        assertThat(EventData.read(messages.get(0).contentsAsBytes(), OrderEvents.CustomerDeactivated.class).customerId())
                .isEqualTo("C000000042");
    }
}
