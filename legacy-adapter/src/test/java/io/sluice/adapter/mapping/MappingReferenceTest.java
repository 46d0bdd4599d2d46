package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code MAPPINGS.md} and the parser cannot drift apart: each table marked {@code <!-- vocabulary: NAME -->} lists exactly
 * the words of {@link MappingVocabulary}, the column-type matrix says what {@link Conversions#accepts} says, every word
 * of the vocabulary is accepted by the parser, and every YAML example loads.
 */
class MappingReferenceTest {

    private static final Path REFERENCE = Path.of("MAPPINGS.md");
    private static final Pattern MARKER = Pattern.compile("<!-- vocabulary: ([A-Z_]+) -->");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern YAML = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    /** What the parser requires beside {@code convert:} for each conversion. */
    private static final Map<String, String> REQUIRED_OPTIONS = Map.of("timestamp", ", zone: UTC", "code", ", codes: { A: B }");

    private static String text;
    private static Map<String, List<List<String>>> tables;

    @BeforeAll
    static void read() throws IOException {
        text = Files.readString(REFERENCE);
        tables = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i));
            if (marker.matches()) {
                List<List<String>> rows = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                    if (!lines.get(j).startsWith("|---")) {
                        rows.add(cells(lines.get(j)));
                    }
                }
                assertThat(tables.put(marker.group(1), rows)).as("vocabulary table %s marked twice", marker.group(1)).isNull();
            }
        }
    }

    static Stream<Arguments> vocabularies() {
        return Stream.of(
                Arguments.of("FILE_KEYS", MappingVocabulary.FILE_KEYS),
                Arguments.of("BAD_DATA_POLICIES", MappingVocabulary.BAD_DATA_POLICIES),
                Arguments.of("TABLE_MAPPING_KEYS", MappingVocabulary.TABLE_MAPPING_KEYS),
                Arguments.of("FIELD_KEYS", MappingVocabulary.FIELD_KEYS),
                Arguments.of("IMAGES", MappingVocabulary.IMAGES),
                Arguments.of("CONVERSIONS", MappingVocabulary.CONVERSIONS),
                Arguments.of("COLUMN_TYPES", MappingVocabulary.CONVERSIONS),
                Arguments.of("EVENT_KEYS", MappingVocabulary.EVENT_KEYS),
                Arguments.of("OPERATIONS", MappingVocabulary.OPERATIONS),
                Arguments.of("WHEN_KEYS", MappingVocabulary.WHEN_KEYS),
                Arguments.of("TRANSITION_KEYS", MappingVocabulary.TRANSITION_KEYS),
                Arguments.of("COLLECT_KEYS", MappingVocabulary.COLLECT_KEYS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void theReferenceListsExactlyTheWordsTheParserKnows(String vocabulary, List<String> words) {
        assertThat(tables).as("MAPPINGS.md has a table marked <!-- vocabulary: %s -->", vocabulary).containsKey(vocabulary);
        List<String> documented = tables.get(vocabulary).stream().skip(1).map(row -> only(CODE, row.get(0))).toList();

        assertThat(documented).as("first column of the %s table in MAPPINGS.md", vocabulary).containsExactlyInAnyOrderElementsOf(words);
    }

    @Test
    void everyVocabularyTableIsChecked() {
        assertThat(tables.keySet()).containsExactlyInAnyOrderElementsOf(vocabularies().map(a -> (String) a.get()[0]).toList());
    }

    @Test
    void theConversionTableListsEachConversionsOptions() {
        for (List<String> row : tables.get("CONVERSIONS").subList(1, tables.get("CONVERSIONS").size())) {
            String conversion = only(CODE, row.get(0));
            assertThat(all(CODE, row.get(1))).as("options of %s", conversion)
                    .containsExactlyInAnyOrderElementsOf(MappingVocabulary.CONVERSION_OPTIONS.get(conversion));
        }
    }

    @Test
    void theColumnTypeMatrixSaysWhatTheStartUpCheckAccepts() {
        List<List<String>> matrix = tables.get("COLUMN_TYPES");
        List<String> header = matrix.get(0);
        for (List<String> row : matrix.subList(1, matrix.size())) {
            String name = only(CODE, row.get(0));
            Conversion conversion = conversion(name);
            for (int column = 1; column < header.size(); column++) {
                for (String type : all(CODE, header.get(column))) {
                    assertThat(row.get(column)).as("MAPPINGS.md: can '%s' read a %s column?", name, type)
                            .isEqualTo(Conversions.accepts(conversion, type) ? "✓" : "–");
                }
            }
        }
    }

    @Test
    void everyOperationAndImageOfTheVocabularyParses() {
        for (String operation : MappingVocabulary.OPERATIONS) {
            assertThatCode(() -> load("fields: { id: ID }\nevents: [ { type: Happened, on: " + operation + " } ]"))
                    .as("on: %s", operation).doesNotThrowAnyException();
        }
        for (String image : MappingVocabulary.IMAGES) {
            assertThatCode(() -> load("fields: { id: ID, was: { column: ID, image: " + image + " } }\n"
                    + "events: [ { type: Happened, on: update, fields: [id, was] } ]")).as("image: %s", image).doesNotThrowAnyException();
        }
    }

    @Test
    void everyYamlExampleLoads() {
        Matcher example = YAML.matcher(text);
        int count = 0;
        while (example.find()) {
            String yaml = example.group(1);
            assertThatCode(() -> MappingCatalog.load(List.of(new MappingSource("example.yaml", yaml)))).as("example:%n%s", yaml)
                    .doesNotThrowAnyException();
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theJavaMapperExampleIsTheRelayTestsMapper() throws IOException {
        Matcher java = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(java.find()).as("a ```java example in MAPPINGS.md").isTrue();
        String mapper = Files
                .readString(Path.of("..", "outbox-relay", "src", "test", "java", "io", "sluice", "relay", "StatusCodeMapper.java"));

        assertThat(mapper.replaceAll("\\s+", " ")).as("StatusCodeMapper.java (a mapper the relay's tests run)")
                .contains(java.group(1).replaceAll("\\s+", " ").strip());
    }

    /** The conversion the parser makes of {@code convert: name} (which also shows that it accepts the name). */
    private static Conversion conversion(String name) {
        MappingCatalog catalog = load("fields: { v: { column: V, convert: " + name + REQUIRED_OPTIONS.getOrDefault(name, "") + " } }\n"
                + "events: [ { type: Happened, on: insert } ]");
        return catalog.mappings().get(0).events().get(0).fields().get(0).conversion();
    }

    private static MappingCatalog load(String rest) {
        return MappingCatalog.load(List.of(new MappingSource("check.yaml", "table: S.T\naggregate: things\nkey: [ID]\n" + rest)));
    }

    private static List<String> cells(String line) {
        String inner = line.strip().substring(1, line.strip().length() - 1);
        return Stream.of(inner.split("\\|", -1)).map(String::strip).toList();
    }

    private static String only(Pattern pattern, String cell) {
        List<String> found = all(pattern, cell);
        assertThat(found).as("one `word` in cell '%s'", cell).hasSize(1);
        return found.get(0);
    }

    private static List<String> all(Pattern pattern, String cell) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(cell);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
