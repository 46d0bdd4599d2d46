package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.change.TableId;

/** A mapping file's {@code bad-data:} key. */
class BadDataPolicyTest {

    private static final TableId CUSTOMERS = new TableId("CRM", "CUST");

    @Test
    void aFileWithoutTheKeyLeavesThePolicyToTheRelay() {
        assertThat(catalog(file("")).badDataPolicy(CUSTOMERS)).isEmpty();
    }

    @Test
    void aFileOfOneMappingChoosesThePolicyOfItsTable() {
        assertThat(catalog(file("bad-data: skip-with-warning\n")).badDataPolicy(CUSTOMERS)).contains(BadDataPolicy.SKIP_WITH_WARNING);
    }

    @Test
    void aFileOfSeveralMappingsChoosesThePolicyOfAllItsTables() {
        MappingCatalog catalog = MappingCatalog.load(List.of(new MappingSource("crm.yaml", """
                bad-data: fail
                mappings:
                  - table: CRM.CUST
                    aggregate: customers
                    key: [ID]
                    fields: { customerId: ID }
                    events: [ { type: CustomerRegistered, on: insert } ]
                  - table: CRM.ADDR
                    aggregate: addresses
                    key: [ID]
                    fields: { addressId: ID }
                    events: [ { type: AddressAdded, on: insert } ]
                """)));

        assertThat(catalog.badDataPolicy(CUSTOMERS)).contains(BadDataPolicy.FAIL);
        assertThat(catalog.badDataPolicy(new TableId("CRM", "ADDR"))).contains(BadDataPolicy.FAIL);
    }

    @Test
    void anUnknownPolicyNamesFileKeyAndChoices() {
        assertThatThrownBy(() -> catalog(file("bad-data: ignore\n"))).isInstanceOf(MappingDefinitionException.class)
                .hasMessageContaining(
                        "customers.yaml: bad-data: 'ignore' is not a policy; use one of dead-letter, fail, skip-with-warning");
    }

    @Test
    void twoFilesOfOneTableMustAgree() {
        assertThatThrownBy(() -> MappingCatalog.load(List.of(new MappingSource("a.yaml", file("bad-data: fail\n")),
                new MappingSource("b.yaml", file("bad-data: dead-letter\n").replace("CustomerRegistered", "CustomerListed")))))
                .isInstanceOf(MappingDefinitionException.class).hasMessageContaining("b.yaml: bad-data: is dead-letter, but a.yaml");
    }

    private static MappingCatalog catalog(String yaml) {
        return MappingCatalog.load(List.of(new MappingSource("customers.yaml", yaml)));
    }

    private static String file(String policyLine) {
        return policyLine + """
                table: CRM.CUST
                aggregate: customers
                key: [ID]
                fields: { customerId: ID }
                events: [ { type: CustomerRegistered, on: insert } ]
                """;
    }
}
