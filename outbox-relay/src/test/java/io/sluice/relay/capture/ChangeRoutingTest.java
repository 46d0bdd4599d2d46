package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.outbox.OutboxRouter;

/** What the admin operations learn from the mappings in force (the demo's mapping files). */
class ChangeRoutingTest {

    private static final TableId ORDERS = new TableId("OMS", "ORDHDR");
    private static final MappingCatalog CATALOG = MappingFiles.load(Path.of("mappings"));
    private final ChangeRouting routing = new ChangeRouting(CATALOG, new LegacyAdapter(CATALOG), new OutboxRouter(List.of()));

    @Test
    void anEventThatCollectsAnOrdersLinesNamesTheirTable() {
        assertThat(routing.collectedTables(ORDERS, "OrderPlaced")).containsExactly(new TableId("OMS", "ORDLIN"));
    }

    @Test
    void anEventThatCollectsNothingNamesNoTable() {
        assertThat(routing.collectedTables(ORDERS, "OrderStatusChanged")).isEmpty();
    }

    @Test
    void aRuleThatComparesAMaskedColumnIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("contacts.yaml"), """
                table: CRM.CONTACT
                aggregate: contacts
                key: [ID]
                fields:
                  id:    { column: ID, convert: string }
                  email: { column: EMAIL, mask: true }
                  name:  { column: NAME, convert: trim }
                events:
                  - { type: ContactAdded, version: 1, on: insert, fields: [id, email, name] }
                  - { type: ContactEmailChanged, version: 1, on: update, when: { changed: [EMAIL] }, fields: [id, email] }
                  - { type: ContactRenamed, version: 1, on: update, when: { changed: [NAME] }, fields: [id, name] }
                """);
        MappingCatalog catalog = MappingFiles.load(dir);
        ChangeRouting contacts = new ChangeRouting(catalog, new LegacyAdapter(catalog), new OutboxRouter(List.of()));
        TableId table = new TableId("CRM", "CONTACT");

        assertThat(contacts.maskedColumnsCompared(table, Operation.UPDATE)).containsExactly("EMAIL");
        assertThat(contacts.maskedColumnsCompared(table, Operation.INSERT)).isEmpty();
    }

    @Test
    void theDemoMappingsCompareNoMaskedColumn() {
        assertThat(routing.maskedColumnsCompared(ORDERS, Operation.UPDATE)).isEmpty();
    }

    @Test
    void capturedTablesAreTheMappedOnesAndTheirChildren() {
        assertThat(routing.capturedTables()).contains(ORDERS, new TableId("OMS", "ORDLIN"), new TableId("OMS", "CUSTMST"));
    }
}
