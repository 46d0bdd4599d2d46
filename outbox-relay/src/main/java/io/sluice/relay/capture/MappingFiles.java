package io.sluice.relay.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingSource;

/** Reads the mapping files of {@code sluice.mapping.dir} and hands their text to the legacy adapter. */
public final class MappingFiles {

    private MappingFiles() {
    }

    /**
     * @throws StartupException when the directory is missing or unreadable
     * @throws io.sluice.adapter.mapping.MappingDefinitionException when a mapping is invalid
     */
    public static MappingCatalog load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StartupException("sluice.mapping.dir=" + dir.toAbsolutePath()
                    + " is not a directory: point it at the folder that holds your *.yaml mapping files");
        }
        List<MappingSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(MappingFiles::isMappingFile).sorted().toList()) {
                sources.add(new MappingSource(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new StartupException("Cannot read mapping files in sluice.mapping.dir=" + dir.toAbsolutePath() + ": " + e.getMessage());
        }
        return MappingCatalog.load(sources);
    }

    private static boolean isMappingFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
