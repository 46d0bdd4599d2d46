package io.sluice.relay.preview;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.adapter.mapping.MappingDefinitionException;
import io.sluice.relay.capture.MappingFiles;
import io.sluice.relay.capture.StartupException;

/**
 * The mapping preview from the command line, before any relay runs: a JDBC URL and a mapping folder are all it needs
 * ({@code scripts/preview-mapping}). Prints the preview as JSON on standard output; exits 0, or 1 when some rows would be
 * dead-lettered, or 2 when it cannot run (the message says why).
 */
public final class MappingPreviewCommand {

    static final String USAGE = "usage: scripts/preview-mapping --jdbc-url=<jdbc:postgresql://host:port/db or jdbc:mariadb://host:port/db> --user=<user> "
            + "[--password=<password>] --mappings=<folder of *.yaml> [--rows=20] [--source=<source name>] [--topic-pattern={aggregate}.events]";

    private MappingPreviewCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("rows", "20", "source", "legacy", "topic-pattern", "{aggregate}.events",
                "password", ""));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                System.err.println("preview-mapping: '" + arg + "' is not an --option=value\n" + USAGE);
                return 2;
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        for (String required : List.of("jdbc-url", "user", "mappings")) {
            if (!options.containsKey(required)) {
                System.err.println("preview-mapping: --" + required + " is missing\n" + USAGE);
                return 2;
            }
        }
        try {
            MappingCatalog catalog = MappingFiles.load(Path.of(options.get("mappings")));
            var preview = new MappingPreview(catalog, List.of(), options.get("source"), options.get("topic-pattern"));
            PreviewReport report;
            try (Connection connection = DriverManager.getConnection(options.get("jdbc-url"), options.get("user"),
                    options.get("password"))) {
                connection.setReadOnly(true);
                report = preview.run(connection, Integer.parseInt(options.get("rows")));
            }
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            System.err.printf("preview-mapping: %d table(s), %d event(s), %d dead letter(s)%n", report.tables().size(), report.eventCount(),
                    report.deadLetterCount());
            return report.deadLetterCount() == 0 ? 0 : 1;
        } catch (MappingDefinitionException | StartupException | IllegalArgumentException e) {
            System.err.println("preview-mapping: " + e.getMessage());
            return 2;
        } catch (SQLException e) {
            System.err.println("preview-mapping: cannot read the mapped tables at " + options.get("jdbc-url") + ": " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("preview-mapping: cannot write the preview: " + e.getMessage());
            return 2;
        }
    }
}
