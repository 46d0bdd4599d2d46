package io.sluice.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.event.DomainEvent;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;

/**
 * The demo mappings ({@code outbox-relay/mappings}) against recorded OMS changes: each fixture under
 * {@code fixtures/oms/} holds a change (row images as the relay hands them over) and the exact events expected.
 */
class DemoMappingsTest {

    private static final Path MAPPINGS = Path.of("..", "outbox-relay", "mappings");
    private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final LegacyAdapter ADAPTER = new LegacyAdapter(load());

    static Stream<String> fixtures() {
        return Stream.of("order-placed", "order-shipped", "order-cancelled", "order-remark-edited",
                "customer-registered", "customer-contact-changed", "customer-deactivated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void recordedChangeYieldsExactlyTheExpectedEvents(String fixture) throws IOException {
        JsonNode recorded;
        try (InputStream in = DemoMappingsTest.class.getResourceAsStream("/fixtures/oms/" + fixture + ".json")) {
            recorded = JSON.readTree(in);
        }
        Map<String, Object> before = image(recorded.get("before"));
        Map<String, Object> after = image(recorded.get("after"));
        var change = Rows.change(recorded.get("table").asText(), Operation.valueOf(recorded.get("operation").asText()), before, after, "9001");

        List<DomainEvent> events = ADAPTER.apply(change);

        assertThat(events).extracting(DomainEvent::type)
                .containsExactlyElementsOf(recorded.get("expected").findValuesAsText("type"));
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).data()).as("data of %s", events.get(i).type()).isEqualTo(recorded.get("expected").get(i).get("data"));
        }
    }

    private static Map<String, Object> image(JsonNode node) {
        return node == null || node.isNull() ? null : JSON.convertValue(node, new TypeReference<Map<String, Object>>() {
        });
    }

    private static MappingCatalog load() {
        try (Stream<Path> files = Files.list(MAPPINGS)) {
            return MappingCatalog.load(files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(f -> {
                try {
                    return new MappingSource(f.getFileName().toString(), Files.readString(f));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the demo mappings in " + MAPPINGS.toAbsolutePath(), e);
        }
    }
}
