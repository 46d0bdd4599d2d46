package io.sluice.relay.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.mapping.EventSchemas;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.relay.capture.MappingFiles;
import io.sluice.testkit.contracts.ContractVerifier;
import io.sluice.testkit.contracts.MessageContract;
import io.sluice.testkit.contracts.RecordedChange;
import io.sluice.testkit.events.PublishedSchemas;

/**
 * The relay as the producer of legacy-derived events: every consumer's message contract naming
 * {@value #PROVIDER} (Pact files in {@code contracts/pacts}, written by the consumers' tests) is checked
 * against what the real mappings make of a real recorded legacy change, and every such event against
 * its published JSON Schema. A mapping change that breaks a consumer fails here, naming the consumer,
 * the event type and the field.
 */
class ConsumerContractsTest {

    static final String PROVIDER = "sluice-legacy-oms";
    private static final Path PACTS = Path.of("..", "contracts", "pacts");
    private static final Path MAPPINGS = Path.of("mappings");
    private static final Path RECORDINGS = Path.of("..", "legacy-adapter", "src", "test", "resources", "fixtures", "oms");

    /** Provider states the consumers may name, and the recorded legacy change that brings each about. */
    private static final Map<String, String> STATES = Map.of(
            "an order with lines is placed in OMS", "order-placed-with-lines.json",
            "an order is picked in OMS", "order-picked.json",
            "an order is shipped in OMS", "order-shipped.json",
            "an order is cancelled in OMS", "order-cancelled.json",
            "a customer registers in OMS", "customer-registered.json",
            "a customer's contact details change in OMS", "customer-contact-changed.json",
            "a customer is deactivated in OMS", "customer-deactivated.json");

    @TestFactory
    Stream<DynamicTest> everyConsumerContractHoldsForTheDemoMappings() {
        List<MessageContract> contracts = ContractVerifier.contractsFor(PACTS, PROVIDER);
        assertThat(contracts).as("consumer contracts naming %s in %s", PROVIDER, PACTS.toAbsolutePath()).isNotEmpty();
        MappingCatalog catalog = MappingFiles.load(MAPPINGS);
        return contracts.stream().map(contract -> DynamicTest.dynamicTest(contract.toString(), () -> {
            List<String> problems = verify(contract, catalog);
            assertThat(problems).as("contract %s", contract).isEmpty();
        }));
    }

    @Test
    void aMappingThatRenamesAFieldBreaksTheContractNamingConsumerTypeAndField(@TempDir Path mappings) throws IOException {
        // the deliberate break, on a copy so the real mapping is never left broken: orders.yaml publishes
        // customerId as clientId
        try (Stream<Path> files = Files.list(MAPPINGS)) {
            for (Path file : files.toList()) {
                Files.copy(file, mappings.resolve(file.getFileName()));
            }
        }
        Path orders = mappings.resolve("orders.yaml");
        String original = Files.readString(orders);
        String broken = original.replace("  customerId:     { column: CUST_NO", "  clientId:       { column: CUST_NO")
                .replace("fields: [orderId, customerId, orderDate", "fields: [orderId, clientId, orderDate");
        assertThat(broken).as("the break applies to orders.yaml").isNotEqualTo(original);
        Files.writeString(orders, broken);
        MappingCatalog catalog = MappingFiles.load(mappings);

        List<String> problems = new ArrayList<>();
        for (MessageContract contract : ContractVerifier.contractsFor(PACTS, PROVIDER)) {
            problems.addAll(verify(contract, catalog));
        }

        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .contains("Consumer 'order-history'").contains("OrderPlaced").contains("customerId"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .contains("Consumer 'fulfillment'").contains("OrderPlaced").contains("customerId"));
        assertThat(problems).allSatisfy(problem -> assertThat(problem).contains("OrderPlaced"));

        // and reverted: the same contracts hold again for the real mapping
        MappingCatalog real = MappingFiles.load(MAPPINGS);
        for (MessageContract contract : ContractVerifier.contractsFor(PACTS, PROVIDER)) {
            assertThat(verify(contract, real)).as("contract %s on the reverted mapping", contract).isEmpty();
        }
    }

    /** Runs the contract's recorded change through the real mappings, then checks contract and schema. */
    static List<String> verify(MessageContract contract, MappingCatalog catalog) {
        List<String> problems = new ArrayList<>();
        if (contract.states().size() != 1 || !STATES.containsKey(contract.states().get(0))) {
            problems.add("Consumer '" + contract.consumer() + "' relies on " + contract.eventType() + " in provider state "
                    + contract.states() + ", for which " + PROVIDER + " has no recorded change: record one under " + RECORDINGS
                    + " and name it in ConsumerContractsTest.STATES (known: " + STATES.keySet() + ")");
            return problems;
        }
        RecordedChange recorded = RecordedChange.load(RECORDINGS.resolve(STATES.get(contract.states().get(0))), "oms");
        List<DomainEvent> events = new LegacyAdapter(catalog).apply(recorded.change(), recorded.transaction());
        List<DomainEvent> matching = events.stream().filter(e -> e.type().equals(contract.eventType())).toList();
        if (matching.isEmpty()) {
            problems.add("Consumer '" + contract.consumer() + "' relies on " + contract.eventType() + " when " + contract.states().get(0)
                    + ", but the mappings emit " + events.stream().map(DomainEvent::type).toList());
            return problems;
        }
        PublishedSchemas schemas = PublishedSchemas.of(new EventSchemas(catalog).schemas());
        for (DomainEvent event : matching) {
            problems.addAll(ContractVerifier.problems(contract, event));
            schemas.problems(event.type(), event.data()).forEach(problem -> problems.add(event.type()
                    + " does not conform to its published JSON Schema: " + problem));
        }
        return problems;
    }
}
