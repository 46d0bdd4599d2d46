package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.adapter.outbox.OutboxTable;
import io.sluice.adapter.spi.ChangeMapper;
import io.sluice.relay.capture.ColumnSelection.LiveTable;

/** Issue 18, point 5: which columns of each captured table the relay captures, from the mappings and the live tables. */
class ColumnSelectionTest {

    private static final TableId CUSTOMERS = new TableId("CRM", "CUST");
    private static final TableId NOTES = new TableId("CRM", "NOTE");
    private static final TableId OUTBOX = new TableId("sluice", "outbox_event");
    private static final MappingCatalog CATALOG = MappingCatalog.load(List.of(new MappingSource("customers.yaml", """
            table: CRM.CUST
            aggregate: customers
            key: [CUST_NO]
            fields:
              customerId: { column: CUST_NO, convert: string }
              name: { column: NAME, convert: trim }
            events:
              - { type: CustomerRegistered, on: insert }
              - { type: CustomerRenamed, on: update, when: { changed: [NAME] } }
            """)));
    private static final LiveTable CUSTOMER_TABLE = new LiveTable(List.of("ROW_ID", "CUST_NO", "NAME", "SSN", "BIRTH_DT"),
            Set.of("ROW_ID"), Set.of("ROW_ID"), false);

    @Test
    void aMappedTableIsCapturedWithTheColumnsItsMappingReadsAndItsPrimaryKeyInTableOrder() {
        ColumnSelection selection = ColumnSelection.of(routing(), Map.of(CUSTOMERS, CUSTOMER_TABLE));

        assertThat(selection.columnsOf(CUSTOMERS)).contains(List.of("ROW_ID", "CUST_NO", "NAME"));
        assertThat(selection.publicationColumnsOf(CUSTOMERS)).contains(List.of("ROW_ID", "CUST_NO", "NAME"));
    }

    @Test
    void theColumnsOfAReplicaIdentityIndexAreCaptured() {
        LiveTable identityIndex = new LiveTable(CUSTOMER_TABLE.columns(), Set.of("ROW_ID"), Set.of("SSN"), false);

        assertThat(ColumnSelection.of(routing(), Map.of(CUSTOMERS, identityIndex)).columnsOf(CUSTOMERS))
                .contains(List.of("ROW_ID", "CUST_NO", "NAME", "SSN"));
    }

    @Test
    void withReplicaIdentityFullOnlyDebeziumNarrowsTheTable() {
        LiveTable full = new LiveTable(CUSTOMER_TABLE.columns(), Set.of("ROW_ID"), Set.copyOf(CUSTOMER_TABLE.columns()), true);
        ColumnSelection selection = ColumnSelection.of(routing(), Map.of(CUSTOMERS, full));

        assertThat(selection.columnsOf(CUSTOMERS)).contains(List.of("ROW_ID", "CUST_NO", "NAME"));
        assertThat(selection.publicationColumnsOf(CUSTOMERS)).isEmpty();
        assertThat(selection.narrowedByDebeziumOnly()).containsExactly(CUSTOMERS);
    }

    @Test
    void aTableWhoseColumnsAreAllReadIsCapturedWhole() {
        LiveTable read = new LiveTable(List.of("CUST_NO", "NAME"), Set.of("CUST_NO"), Set.of("CUST_NO"), false);

        assertThat(ColumnSelection.of(routing(), Map.of(CUSTOMERS, read)).narrows()).isFalse();
    }

    @Test
    void aTableAJavaMapperReadsIsCapturedWhole() {
        ChangeMapper mapper = new ChangeMapper() {
            @Override
            public Set<TableId> tables() {
                return Set.of(CUSTOMERS);
            }

            @Override
            public List<DomainEvent> map(RowChange change, List<RowChange> transaction) {
                return List.of();
            }
        };
        ChangeRouting routing = new ChangeRouting(CATALOG, new LegacyAdapter(CATALOG, List.of(mapper)), new OutboxRouter(List.of()));

        assertThat(ColumnSelection.of(routing, Map.of(CUSTOMERS, CUSTOMER_TABLE)).columnsOf(CUSTOMERS)).isEmpty();
    }

    @Test
    void outboxTablesAndTablesNotFoundAreCapturedWhole() {
        ColumnSelection selection = ColumnSelection.of(routing(), Map.of(CUSTOMERS, CUSTOMER_TABLE,
                OUTBOX, new LiveTable(List.of("id", "payload"), Set.of("id"), Set.of("id"), false)));

        assertThat(selection.columnsOf(OUTBOX)).isEmpty();
        assertThat(selection.columnsOf(NOTES)).isEmpty();
    }

    @Test
    void debeziumsColumnFilterNamesEachCapturedColumnAndEveryColumnOfTheOtherTables() {
        ColumnSelection selection = ColumnSelection.of(routing(), Map.of(CUSTOMERS, CUSTOMER_TABLE));

        assertThat(selection.columnIncludeList(Set.of(CUSTOMERS, OUTBOX))).contains(String.join(",",
                "\\QCRM\\E\\.\\QCUST\\E\\.\\QROW_ID\\E", "\\QCRM\\E\\.\\QCUST\\E\\.\\QCUST_NO\\E", "\\QCRM\\E\\.\\QCUST\\E\\.\\QNAME\\E",
                "\\Qsluice\\E\\.\\Qoutbox_event\\E\\..*"));
    }

    @Test
    void nothingNarrowedSetsNoColumnFilter() {
        assertThat(ColumnSelection.ALL.columnIncludeList(Set.of(CUSTOMERS))).isEmpty();
    }

    private static ChangeRouting routing() {
        OutboxTable outbox = new OutboxTable(OUTBOX, "id", "aggregatetype", "aggregateid", "type", "payload", "timestamp",
                "tracingspancontext", Map.of(), Map.of(), 1_048_576);
        return new ChangeRouting(CATALOG, new LegacyAdapter(CATALOG), new OutboxRouter(List.of(outbox)));
    }
}
