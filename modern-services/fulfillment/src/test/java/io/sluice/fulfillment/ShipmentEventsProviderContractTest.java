package io.sluice.fulfillment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.outbox.OutboxRouter;
import io.sluice.adapter.outbox.OutboxTable;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.SluiceInfrastructureResource;
import io.sluice.testkit.contracts.ContractVerifier;
import io.sluice.testkit.contracts.MessageContract;
import io.sluice.testkit.events.EventSender;

/**
 * Fulfillment as a producer: every consumer contract naming {@code fulfillment} is checked against what
 * the real service writes to its outbox (REST dispatch → outbox row) after Sluice's outbox routing,
 * the same code the relay runs on the captured row.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "fulfillment"))
class ShipmentEventsProviderContractTest {

    private static final Path PACTS = Path.of("..", "..", "contracts", "pacts");
    private static final OutboxRouter ROUTER = new OutboxRouter(List.of(
            OutboxTable.conventional(TableId.parse("fulfillment.outbox_event"), 1 << 20)));

    @Test
    void everyConsumerContractHoldsForWhatTheServicePublishes() throws Exception {
        List<MessageContract> contracts = ContractVerifier.contractsFor(PACTS, "fulfillment");
        assertThat(contracts).as("consumer contracts naming fulfillment in %s", PACTS).isNotEmpty();
        for (MessageContract contract : contracts) {
            DomainEvent event = produce(contract);
            assertThat(ContractVerifier.problems(contract, event)).as("%s%n  emitted: %s", contract, ContractVerifier.describe(event))
                    .isEmpty();
        }
    }

    private DomainEvent produce(MessageContract contract) throws Exception {
        if (!contract.states().equals(List.of("a pending shipment is dispatched"))) {
            throw new AssertionError("Consumer '" + contract.consumer() + "' expects provider state " + contract.states()
                    + ", which fulfillment does not know: add it to " + getClass().getSimpleName());
        }
        String customerId = "K" + UUID.randomUUID().toString().substring(0, 8);
        try (EventSender events = EventSender.to(SluiceInfrastructure.shared().kafkaBootstrap())) {
            events.send(FulfillmentServiceTest.orderPlaced(UUID.randomUUID().toString().substring(0, 8), customerId));
        }
        String shipmentId = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> given().queryParam("customerId", customerId)
                        .when().get("/shipments").then().statusCode(200).extract().<String>path("items[0].shipmentId"), id -> id != null);
        given().contentType(ContentType.JSON).body(Map.of("carrier", "DHL", "trackingNumber", "JD014600006281"))
                .when().post("/shipments/{id}/dispatch", shipmentId).then().statusCode(200);

        Map<String, Object> row = outboxRow(shipmentId, contract.eventType());
        RowChange captured = new RowChange("fulfillment", TableId.parse("fulfillment.outbox_event"), Operation.INSERT, null, row,
                new SourcePosition("0/1", "1"), Instant.now());
        List<DomainEvent> events = ROUTER.route(captured);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    /** The outbox row as the relay receives it from pgoutput: jsonb as JSON text, the rest as JDBC reads it. */
    private static Map<String, Object> outboxRow(String shipmentId, String type) throws Exception {
        SluiceInfrastructure infra = SluiceInfrastructure.shared();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl("fulfillment"), infra.user(), infra.password());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT id::text, aggregatetype, aggregateid, type, payload::text AS payload, "
                        + "timestamp, tracingspancontext FROM fulfillment.outbox_event WHERE aggregateid = '" + shipmentId
                        + "' AND type = '" + type + "'")) {
            assertThat(rows.next()).as("outbox row %s for shipment %s", type, shipmentId).isTrue();
            ResultSetMetaData columns = rows.getMetaData();
            Map<String, Object> row = new HashMap<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                row.put(columns.getColumnLabel(i), rows.getObject(i));
            }
            return row;
        }
    }
}
