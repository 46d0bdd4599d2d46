package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.relay.capture.ColumnSelection.LiveTable;

/** Issue 18, point 5: the publication's statements, and what a publication made by a DBA lacks. */
class PublicationStatementsTest {

    private static final TableId CUSTOMERS = new TableId("CRM", "CUST");
    private static final TableId HEARTBEAT = new TableId("sluice", "heartbeat");
    private static final MappingCatalog CATALOG = MappingCatalog.load(List.of(new MappingSource("customers.yaml", """
            table: CRM.CUST
            aggregate: customers
            key: [CUST_NO]
            fields:
              customerId: { column: CUST_NO, convert: string }
            events:
              - { type: CustomerRegistered, on: insert }
            """)));
    private static final Map<TableId, LiveTable> LIVE = Map.of(
            CUSTOMERS, new LiveTable(List.of("CUST_NO", "SSN"), Set.of("CUST_NO"), Set.of("CUST_NO"), false),
            HEARTBEAT, new LiveTable(List.of("id", "last_beat"), Set.of("id"), Set.of("id"), false));
    private static final ColumnSelection SELECTION = ColumnSelection.of(
            new ChangeRouting(CATALOG, new LegacyAdapter(CATALOG), new OutboxRouter(List.of())), LIVE);

    @Test
    void aPublicationIsCreatedWithTheColumnListsOfNarrowedTables() {
        assertThat(PublicationStatements.create("sluice_publication", Set.of(HEARTBEAT, CUSTOMERS), SELECTION))
                .isEqualTo("CREATE PUBLICATION \"sluice_publication\" FOR TABLE \"CRM\".\"CUST\" (\"CUST_NO\"), \"sluice\".\"heartbeat\"");
        assertThat(PublicationStatements.setTables("p", Set.of(CUSTOMERS), SELECTION))
                .isEqualTo("ALTER PUBLICATION \"p\" SET TABLE \"CRM\".\"CUST\" (\"CUST_NO\")");
    }

    @Test
    void aPublicationWithTheseTablesAndColumnsIsUpToDate() {
        assertThat(PublicationStatements.upToDate(Map.of(CUSTOMERS, List.of("CUST_NO"), HEARTBEAT, List.of("id", "last_beat")),
                Set.of(CUSTOMERS, HEARTBEAT), SELECTION, LIVE)).isTrue();
    }

    @Test
    void aPublicationThatCarriesAnUnneededColumnOrMissesATableIsNot() {
        assertThat(PublicationStatements.upToDate(Map.of(CUSTOMERS, List.of("CUST_NO", "SSN"), HEARTBEAT, List.of("id", "last_beat")),
                Set.of(CUSTOMERS, HEARTBEAT), SELECTION, LIVE)).isFalse();
        assertThat(PublicationStatements.upToDate(Map.of(CUSTOMERS, List.of("CUST_NO")), Set.of(CUSTOMERS, HEARTBEAT), SELECTION, LIVE))
                .isFalse();
    }

    @Test
    void aMissingColumnIsNamedWithTheStatementsThatAddIt() {
        assertThat(PublicationStatements.missing("dba_pub", Map.of(CUSTOMERS, List.of("SSN")), Map.of(CUSTOMERS, List.of("CUST_NO"))))
                .containsExactly("CRM.CUST lacks column [CUST_NO]; run BEGIN; ALTER PUBLICATION \"dba_pub\" DROP TABLE \"CRM\".\"CUST\";"
                        + " ALTER PUBLICATION \"dba_pub\" ADD TABLE \"CRM\".\"CUST\" (\"SSN\", \"CUST_NO\"); COMMIT;");
    }

    @Test
    void aMissingTableIsNamedWithTheStatementThatAddsIt() {
        assertThat(PublicationStatements.missing("dba_pub", Map.of(), Map.of(CUSTOMERS, List.of("CUST_NO"))))
                .containsExactly("CRM.CUST is not in it; run ALTER PUBLICATION \"dba_pub\" ADD TABLE \"CRM\".\"CUST\" (\"CUST_NO\");");
    }

    @Test
    void aPublicationThatCoversTheNeededColumnsLacksNothing() {
        assertThat(PublicationStatements.missing("dba_pub", Map.of(CUSTOMERS, List.of("CUST_NO", "SSN")),
                Map.of(CUSTOMERS, List.of("CUST_NO")))).isEmpty();
    }
}
