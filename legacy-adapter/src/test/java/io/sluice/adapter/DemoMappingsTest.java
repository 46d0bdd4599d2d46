package io.sluice.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.event.DomainEvent;

/**
 * The demo mappings ({@code outbox-relay/mappings}) against recorded OMS changes: each fixture under
 * {@code fixtures/oms/} holds a change (row images as the relay hands them over) and the exact events expected.
 */
class DemoMappingsTest {

    private static final Path MAPPINGS = Path.of("..", "outbox-relay", "mappings");
    /** 125.50 and 125.5 are the same amount; everything else compares as usual. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final LegacyAdapter ADAPTER = new LegacyAdapter(DemoMappings.catalog());

    static Stream<String> fixtures() {
        return Stream.of("order-placed", "order-placed-with-lines", "order-placed-with-remark-snapshot", "order-picked", "order-shipped",
                "order-cancelled",
                "order-remark-edited", "order-deleted", "order-invalid-date", "order-unknown-status",
                "customer-registered", "customer-contact-changed", "customer-deactivated", "customer-deactivated-and-email-changed",
                "customer-reactivated", "customer-phone-repadded");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void recordedChangeYieldsExactlyTheExpectedEvents(String fixture) throws IOException {
        JsonNode recorded;
        try (InputStream in = DemoMappingsTest.class.getResourceAsStream("/fixtures/oms/" + fixture + ".json")) {
            assertThat(in).as("fixture %s", fixture).isNotNull();
            recorded = JSON.readTree(in);
        }
        Map<String, Object> before = image(recorded.get("before"));
        Map<String, Object> after = image(recorded.get("after"));
        var change = Rows.change(recorded.get("table").asText(), Operation.valueOf(recorded.get("operation").asText()), before, after,
                "9001");

        if (recorded.has("error")) {
            assertThatThrownBy(() -> ADAPTER.apply(change)).isInstanceOf(UnmappableChangeException.class)
                    .hasMessage(recorded.get("error").asText());
            return;
        }
        List<RowChange> transaction = new ArrayList<>(List.of(change));
        recorded.path("transaction").forEach(other -> transaction.add(Rows.change(other.get("table").asText(),
                Operation.valueOf(other.get("operation").asText()), null, image(other.get("after")), "9001")));
        List<DomainEvent> events = ADAPTER.apply(change, transaction);

        JsonNode expected = recorded.get("expected");
        assertThat(events).extracting(DomainEvent::type).containsExactlyElementsOf(expected.findValuesAsText("type"));
        for (int i = 0; i < events.size(); i++) {
            DomainEvent event = events.get(i);
            JsonNode want = expected.get(i);
            assertThat(event.data().equals(NUMBERS_BY_VALUE, want.get("data")))
                    .as("data of %s:%n  actual   %s%n  expected %s", event.type(), event.data(), want.get("data")).isTrue();
            assertThat(event.source()).isEqualTo("sluice/oms/" + recorded.get("table").asText());
            assertThat(event.time()).isEqualTo(Rows.COMMIT);
            assertThat(event.position().lsn()).isEqualTo("9001");
            assertThat(event.version()).isEqualTo(want.path("version").asInt(1));
            if (want.has("aggregateType")) {
                assertThat(event.aggregateType()).isEqualTo(want.get("aggregateType").asText());
                assertThat(event.aggregateId()).isEqualTo(want.get("aggregateId").asText());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void demoMappingsCoverTheOrderHeaderItsLinesAndCustomerMaster() {
        assertThat(DemoMappings.catalog().tables()).extracting(Object::toString).containsExactlyInAnyOrder("OMS.ORDHDR", "OMS.ORDLIN",
                "OMS.CUSTMST");
    }

    private static Map<String, Object> image(JsonNode node) {
        return node == null || node.isNull() ? null : JSON.convertValue(node, new TypeReference<Map<String, Object>>() {
        });
    }
}
