package io.sluice.adapter.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every word of the mapping language: the keys {@link MappingParser} accepts at each level, the conversions and their
 * options, the operations and the row images. The parser checks files against these lists, and
 * {@code legacy-adapter/MAPPINGS.md} documents each of them ({@code MappingReferenceTest} keeps the two equal).
 */
public final class MappingVocabulary {

    /** Top level of a file that holds several table mappings. */
    public static final String MAPPINGS = "mappings";

    /**
     * Keys of a file's own, beside its table mapping (or beside {@code mappings:}): {@code mappings} and the file's
     * {@code bad-data} policy ({@link BadDataPolicy}).
     */
    public static final List<String> FILE_KEYS = List.of(MAPPINGS, "bad-data");

    /** Keys of a table mapping (a file's top level, or an element of {@code mappings:}). */
    public static final List<String> TABLE_MAPPING_KEYS = List.of("table", "aggregate", "key", "codes", "exclude", "fields", "events");

    /** Keys of a field declared as an object (a field may also be just a column name). */
    public static final List<String> FIELD_KEYS = List.of("column", "value", "convert", "image", "mask", "pattern", "zone", "scale",
            "codes",
            "true", "false");

    /** Keys of an element of {@code events:}. */
    public static final List<String> EVENT_KEYS = List.of("type", "version", "on", "when", "fields", "collect");

    /** Keys of one array field under an event's {@code collect:}. */
    public static final List<String> COLLECT_KEYS = List.of("table", "join", "fields");

    /** Keys of an event's {@code when:} (exactly one of them). */
    public static final List<String> WHEN_KEYS = List.of("changed", "transition");

    /** Keys of {@code when: { transition: ... }}; {@code field} is another name for {@code column}. */
    public static final List<String> TRANSITION_KEYS = List.of("column", "field", "from", "to");

    /**
     * Values of an event's {@code on:}; {@code insert} covers snapshot reads too, unless a rule of the mapping is emitted
     * {@code on: snapshot}.
     */
    public static final List<String> OPERATIONS = List.of("insert", "update", "delete", "snapshot");

    /** Values of a file's {@code bad-data:} (and of the relay's {@code sluice.bad-data}). */
    public static final List<String> BAD_DATA_POLICIES = java.util.Arrays.stream(BadDataPolicy.values()).map(BadDataPolicy::text).toList();

    /** Values of a field's {@code image:}; {@code current} is another name for {@code after}. */
    public static final List<String> IMAGES = List.of("after", "current", "before");

    /** Conversion names a field's {@code convert:} takes; {@code auto} is what a field without {@code convert:} gets. */
    public static final List<String> CONVERSIONS;

    /** The options each conversion takes (field keys that are only allowed with it). */
    public static final Map<String, List<String>> CONVERSION_OPTIONS;

    /** Field keys that are options of some conversion. */
    public static final List<String> OPTION_KEYS = List.of("scale", "true", "false", "pattern", "zone", "codes");

    static {
        List<String> conversions = new ArrayList<>(List.of("auto"));
        conversions.addAll(Conversions.NAMES);
        CONVERSIONS = List.copyOf(conversions);
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (String conversion : CONVERSIONS) {
            options.put(conversion, switch (conversion) {
                case "cents" -> List.of("scale");
                case "flag" -> List.of("true", "false");
                case "date" -> List.of("pattern");
                case "timestamp" -> List.of("pattern", "zone");
                case "code" -> List.of("codes");
                default -> List.of();
            });
        }
        CONVERSION_OPTIONS = java.util.Collections.unmodifiableMap(options);
    }

    private MappingVocabulary() {
    }
}
