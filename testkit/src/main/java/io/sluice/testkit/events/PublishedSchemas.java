package io.sluice.testkit.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The JSON Schemas Sluice publishes, one {@code <Type>.schema.json} per event type: the directory the
 * relay's build writes ({@code outbox-relay/target/published-language}), or files saved from the relay's
 * {@code /sluice/schemas/{type}}.
 */
public final class PublishedSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Path directory;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private PublishedSchemas(Path directory) {
        this.directory = directory;
    }

    /** Schemas in memory, e.g. {@code new EventSchemas(catalog).schemas()} of a mapping catalogue. */
    public static PublishedSchemas of(Map<String, ? extends JsonNode> schemas) {
        PublishedSchemas published = new PublishedSchemas(null);
        schemas.forEach((type, schema) -> published.schemas.put(type, REGISTRY.getSchema(schema)));
        return published;
    }

    public static PublishedSchemas at(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("No published schemas at " + directory.toAbsolutePath()
                    + ": build the relay first (it writes outbox-relay/target/published-language)");
        }
        return new PublishedSchemas(directory);
    }

    /** @return the problems the schema of {@code type} finds in {@code data}; empty if it conforms */
    public List<String> problems(String type, JsonNode data) {
        Schema schema = schemas.computeIfAbsent(type, this::load);
        return schema.validate(data).stream().map(Object::toString).toList();
    }

    /** Fails with every problem named if {@code data} does not conform to the schema of {@code type}. */
    public void check(String type, JsonNode data) {
        List<String> problems = problems(type, data);
        if (!problems.isEmpty()) {
            throw new AssertionError("Event " + type + " does not conform to its published schema"
                    + (directory == null ? "" : " (" + directory.resolve(type + ".schema.json") + ")") + ": " + String.join("; ", problems)
                    + "\n  data: " + data);
        }
    }

    private Schema load(String type) {
        if (directory == null) {
            throw new IllegalArgumentException("No published schema for event type " + type);
        }
        Path file = directory.resolve(type + ".schema.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No published schema for event type " + type + " in " + directory.toAbsolutePath());
        }
        try {
            return REGISTRY.getSchema(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
