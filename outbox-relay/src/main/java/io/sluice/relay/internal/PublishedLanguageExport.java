package io.sluice.relay.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sluice.adapter.mapping.EventSchemas;
import io.sluice.relay.capture.MappingFiles;

/**
 * Writes the published language at build time: {@code asyncapi.json} and one {@code <EventType>.schema.json}
 * per event type, generated from a mapping directory. Arguments: {@code <mapping-dir> <output-dir> <topic-pattern>}.
 * A broken mapping fails the build with the same one-line message the relay gives at start-up.
 */
public final class PublishedLanguageExport {

    private PublishedLanguageExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: PublishedLanguageExport <mapping-dir> <output-dir> <topic-pattern>");
        }
        EventSchemas schemas = new EventSchemas(MappingFiles.load(Path.of(args[0])));
        Path out = Files.createDirectories(Path.of(args[1]));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve("asyncapi.json").toFile(), schemas.asyncApi(args[2]));
        for (Map.Entry<String, ObjectNode> schema : schemas.schemas().entrySet()) {
            json.writeValue(out.resolve(schema.getKey() + ".schema.json").toFile(), schema.getValue());
        }
        System.out.println("Published language of " + args[0] + " written to " + out + " (" + schemas.schemas().size() + " event types)");
    }
}
