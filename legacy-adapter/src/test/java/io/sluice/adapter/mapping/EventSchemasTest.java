package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.sluice.adapter.LegacyAdapter;
import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.event.DomainEvent;

/** The published schemas describe exactly what the demo mappings emit. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MappingCatalog DEMO = io.sluice.adapter.DemoMappings.catalog();
    private static final EventSchemas SCHEMAS = new EventSchemas(DEMO);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void everyDemoEventTypeHasASchema() {
        assertThat(SCHEMAS.schemas().keySet()).containsExactlyInAnyOrder("OrderPlaced", "OrderStatusChanged", "OrderShipped",
                "OrderCancelled", "CustomerRegistered", "CustomerContactDetailsChanged", "CustomerDeactivated");
    }

    @Test
    void anEmittedOrderPlacedWithLinesConformsToItsSchema() throws Exception {
        DomainEvent placed = orderPlaced();
        assertThat(errors("OrderPlaced", placed.data())).isEmpty();
    }

    @Test
    void aRenamedFieldBreaksTheSchema() throws Exception {
        ObjectNode data = (ObjectNode) orderPlaced().data().deepCopy();
        data.set("customerNumber", data.remove("customerId"));
        assertThat(errors("OrderPlaced", data)).anyMatch(e -> e.contains("customerId")).anyMatch(e -> e.contains("customerNumber"));
    }

    @Test
    void anUnknownStatusValueBreaksTheSchema() throws Exception {
        ObjectNode data = (ObjectNode) orderPlaced().data().deepCopy();
        data.put("status", "LOST");
        assertThat(errors("OrderPlaced", data)).isNotEmpty();
    }

    @Test
    void asyncApiListsEveryTopicWithItsMessagesHeadersAndKey() {
        JsonNode doc = SCHEMAS.asyncApi("{aggregate}.events");
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("channels").path("orders.events").path("messages").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("OrderPlaced", "OrderStatusChanged", "OrderShipped", "OrderCancelled");
        assertThat(doc.path("channels").path("customers.events").path("address").asText()).isEqualTo("customers.events");
        JsonNode message = doc.path("components").path("messages").path("OrderShipped");
        assertThat(message.path("headers").path("properties").path("ce_type").path("const").asText()).isEqualTo("OrderShipped");
        assertThat(message.path("bindings").path("kafka").path("key").path("description").asText()).contains("ORD_NO");
        assertThat(message.path("payload").path("properties").has("shippedDate")).isTrue();
    }

    private static List<String> errors(String type, JsonNode data) throws Exception {
        Schema schema = REGISTRY.getSchema(JSON.writeValueAsString(SCHEMAS.schemas().get(type)));
        return schema.validate(data).stream().map(Object::toString).toList();
    }

    private static DomainEvent orderPlaced() {
        var header = new java.util.HashMap<String, Object>(java.util.Map.of("ORD_NO", 100001, "CUST_NO", "C000000042", "ORD_DT", "20261124",
                "ORD_STS", "NW", "TOT_AMT", 12550L, "CURR_CD", "EUR", "SHP_DT", "        "));
        header.put("RMK_TX", null);
        RowChange insert = new RowChange("oms", new TableId("OMS", "ORDHDR"), Operation.INSERT, null, header,
                new SourcePosition("1", "1"), java.time.Instant.EPOCH);
        RowChange line = new RowChange("oms", new TableId("OMS", "ORDLIN"), Operation.INSERT, null,
                java.util.Map.of("ORD_NO", 100001, "LIN_NO", (short) 1, "ITM_CD", "WIDGET-01   ", "QTY", 2, "UNT_PRC", 5000L),
                new SourcePosition("1", "1"), java.time.Instant.EPOCH);
        return new LegacyAdapter(DEMO).apply(insert, List.of(insert, line)).get(0);
    }
}
