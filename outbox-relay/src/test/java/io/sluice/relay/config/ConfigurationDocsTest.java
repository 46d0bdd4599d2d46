package io.sluice.relay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;

/**
 * The relay's configuration table ({@code docs/configuration.md}, section "Relay") lists exactly the keys of
 * {@link RelayConfig}, as SmallRye Config names them, with their defaults. A map key is written
 * {@code sluice.source.debezium."<key>"}; a key with a {@code @WithDefault} must show that default in backticks
 * in the row's second column. No Quarkus boot: the keys come from SmallRye's own reading of the interface.
 */
class ConfigurationDocsTest {

    static final Path DOC = Path.of("..", "docs", "configuration.md");
    static final String DOC_NAME = "docs/configuration.md";
    static final String SECTION = "## Relay";

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern MAP_KEY = Pattern.compile("\\.\"<[^\">]+>\"");

    @Test
    void relayTableListsExactlyTheKeysOfRelayConfigWithTheirDefaults() throws IOException {
        Map<String, Property> declared = declaredKeys();
        Map<String, String> documented = documentedKeys(Files.readAllLines(DOC));

        List<String> problems = new ArrayList<>();
        declared.forEach((key, property) -> {
            if (!documented.containsKey(key)) {
                problems.add("missing: " + key + " (" + where(property) + ") has no row in " + DOC_NAME + ", section '"
                        + SECTION + "'; add | `" + key.replace(".*", ".\"<key>\"") + "` | "
                        + (property.hasDefaultValue() ? "`" + property.getDefaultValue() + "`" : "…")
                        + " | … |");
            } else if (property.hasDefaultValue() && !documented.get(key).contains("`" + property.getDefaultValue() + "`")) {
                problems.add("wrong default: " + key + " defaults to `" + property.getDefaultValue() + "` (" + where(property)
                        + "), the table says: " + documented.get(key).strip());
            }
        });
        documented.keySet().stream().filter(key -> !declared.containsKey(key))
                .forEach(key -> problems.add("extra: " + key + " is in " + DOC_NAME + " but RelayConfig declares no such key"));

        assertThat(problems).as("configuration table against RelayConfig").isEmpty();
    }

    @Test
    void readsKeysMapKeysAndDefaultsFromTheTableRows() {
        List<String> doc = List.of(
                "## Services", "| `sluice.consumer.inbox-table` | — | not the relay's |",
                "## Relay (`outbox-relay`)", "",
                "| key | default | meaning |", "|---|---|---|",
                "| `quarkus.datasource.jdbc.url` | `jdbc:postgresql://localhost/oms` | not under sluice. |",
                "| `sluice.source.slot-name` | `sluice` | the slot |",
                "| `sluice.source.debezium.\"<key>\"` | — | passed through |",
                "## Tests");

        assertThat(documentedKeys(doc)).containsOnlyKeys("sluice.source.slot-name", "sluice.source.debezium.*")
                .containsEntry("sluice.source.slot-name", " `sluice` ");
    }

    /** Every key SmallRye Config reads for {@link RelayConfig}: {@code *} for a map's keys, list elements once. */
    static Map<String, Property> declaredKeys() {
        Map<String, Property> keys = new TreeMap<>();
        ConfigMappings.getProperties(ConfigClass.configClass(RelayConfig.class, "sluice")).forEach((key, property) -> {
            if (!key.endsWith("[*]")) {
                keys.put(key, property);
            }
        });
        return keys;
    }

    /** The {@code sluice.*} keys in the first column of the section's table rows, with their default column. */
    static Map<String, String> documentedKeys(List<String> lines) {
        Map<String, String> keys = new TreeMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith(SECTION);
                continue;
            }
            if (!inSection || !line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 4) {
                continue;
            }
            Matcher code = CODE.matcher(cells[1]);
            while (code.find()) {
                String key = MAP_KEY.matcher(code.group(1).strip()).replaceAll(".*");
                if (key.startsWith("sluice.")) {
                    keys.put(key, cells[2]);
                }
            }
        }
        return keys;
    }

    private static String where(Property property) {
        return "RelayConfig: " + property.getMethod().getDeclaringClass().getSimpleName() + "." + property.getMethod().getName() + "()";
    }
}
