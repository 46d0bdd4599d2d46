package io.sluice.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;

/** The demo's mapping files ({@code outbox-relay/mappings}), loaded for tests (test-only file reading). */
public final class DemoMappings {

    private static final Path DIR = Path.of("..", "outbox-relay", "mappings");

    private DemoMappings() {
    }

    public static MappingCatalog catalog() {
        try (Stream<Path> files = Files.list(DIR)) {
            return MappingCatalog.load(files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(f -> {
                try {
                    return new MappingSource(f.getFileName().toString(), Files.readString(f));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the demo mappings in " + DIR.toAbsolutePath(), e);
        }
    }
}
