package io.sluice.testkit.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;
import io.sluice.adapter.change.SourcePosition;
import io.sluice.adapter.change.TableId;

/**
 * A legacy change recorded as the relay hands it to the adapter (the fixtures under
 * {@code legacy-adapter/src/test/resources/fixtures/}): {@code table}, {@code operation}, {@code before}
 * and {@code after} row images, and optionally the other rows of the same source transaction.
 *
 * @param change      the change itself
 * @param transaction the change and the other rows of its transaction, in commit order
 */
public record RecordedChange(RowChange change, List<RowChange> transaction) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Instant COMMIT = Instant.parse("2026-11-24T10:15:30Z");

    public static RecordedChange load(Path file, String source) {
        JsonNode recorded;
        try {
            recorded = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read recorded change " + file, e);
        }
        RowChange change = change(source, recorded);
        List<RowChange> transaction = new ArrayList<>(List.of(change));
        recorded.path("transaction").forEach(other -> transaction.add(change(source, other)));
        return new RecordedChange(change, transaction);
    }

    private static RowChange change(String source, JsonNode node) {
        return new RowChange(source, TableId.parse(node.get("table").asText()), Operation.valueOf(node.get("operation").asText()),
                image(node.get("before")), image(node.get("after")), new SourcePosition("9001", "777"), COMMIT);
    }

    private static Map<String, Object> image(JsonNode node) {
        return node == null || node.isNull() ? null : JSON.convertValue(node, new TypeReference<Map<String, Object>>() {
        });
    }
}
