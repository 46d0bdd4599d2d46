package io.sluice.adapter.mapping;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.FieldMapping.Image;

/**
 * Reads one mapping file. Every problem is reported with the file, the key path and the fix.
 * A file holds one table mapping, or several under {@code mappings:}.
 */
final class MappingParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> MAPPING_KEYS = Set.copyOf(MappingVocabulary.TABLE_MAPPING_KEYS);
    /** The keys of a file that holds one mapping: the mapping's, and the file's own (except 'mappings'). */
    private static final Set<String> FILE_MAPPING_KEYS;
    static {
        Set<String> keys = new java.util.HashSet<>(MappingVocabulary.TABLE_MAPPING_KEYS);
        keys.addAll(MappingVocabulary.FILE_KEYS);
        keys.remove(MappingVocabulary.MAPPINGS);
        FILE_MAPPING_KEYS = Set.copyOf(keys);
    }
    private static final Set<String> FIELD_KEYS = Set.copyOf(MappingVocabulary.FIELD_KEYS);
    private static final Set<String> EVENT_KEYS = Set.copyOf(MappingVocabulary.EVENT_KEYS);
    private static final Set<String> COLLECT_KEYS = Set.copyOf(MappingVocabulary.COLLECT_KEYS);
    private static final Set<String> WHEN_KEYS = Set.copyOf(MappingVocabulary.WHEN_KEYS);
    private static final Set<String> TRANSITION_KEYS = Set.copyOf(MappingVocabulary.TRANSITION_KEYS);

    private final String file;
    private final String text;
    private final Map<String, String> eventTypes;

    private MappingParser(String file, String text, Map<String, String> eventTypes) {
        this.file = file;
        this.text = text;
        this.eventTypes = eventTypes;
    }

    /**
     * @param eventTypes event types declared so far (type → where), shared by all files of a catalogue so
     *                   that a type declared twice is reported; this file's types are added
     */
    static List<TableMapping> parse(MappingSource source, Map<String, String> eventTypes) {
        return new MappingParser(source.name(), source.text() == null ? "" : source.text(), eventTypes).parse();
    }

    private List<TableMapping> parse() {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr();
            throw error(where, "is not valid YAML (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw error("", "is empty or not a YAML mapping; start with 'table:', 'aggregate:', 'key:', 'fields:' and 'events:'");
        }
        BadDataPolicy badData = badData(root);
        List<TableMapping> mappings = new ArrayList<>();
        if (root.has(MappingVocabulary.MAPPINGS)) {
            root.fieldNames().forEachRemaining(name -> {
                if (!MappingVocabulary.FILE_KEYS.contains(name)) {
                    throw error(name, "is beside 'mappings:', which then holds every table mapping of the file; move '" + name
                            + "' into an element of the 'mappings:' list");
                }
            });
            JsonNode list = root.get(MappingVocabulary.MAPPINGS);
            if (!list.isArray()) {
                throw error("mappings", "must be a list of table mappings");
            }
            for (int i = 0; i < list.size(); i++) {
                mappings.add(mapping(list.get(i), "mappings[" + i + "].", MAPPING_KEYS, badData));
            }
        } else {
            mappings.add(mapping(root, "", FILE_MAPPING_KEYS, badData));
        }
        return mappings;
    }

    /** The file's {@code bad-data} policy, or null when it leaves the choice to the relay's {@code sluice.bad-data}. */
    private BadDataPolicy badData(JsonNode root) {
        JsonNode node = root.get("bad-data");
        if (node == null) {
            return null;
        }
        return BadDataPolicy.of(node.asText()).orElseThrow(() -> error("bad-data", "'" + node.asText() + "' is not a policy; use one of "
                + BadDataPolicy.choices()));
    }

    private TableMapping mapping(JsonNode node, String at, Set<String> keys, BadDataPolicy badData) {
        allowOnly(node, keys, at.isEmpty() ? "" : at.substring(0, at.length() - 1));
        String tableText = requiredText(node, "table", at, "the legacy table as SCHEMA.TABLE, e.g. 'table: OMS.ORDHDR'");
        TableId table = TableId.parse(tableText);
        if (table == null) {
            throw error(at + "table", "'" + tableText + "' is not schema-qualified; write it as SCHEMA.TABLE, e.g. OMS.ORDHDR");
        }
        String aggregate = requiredText(node, "aggregate", at, "the aggregate type, e.g. 'aggregate: orders' (it names the topic)");
        if (!aggregate.matches("[a-z][a-z0-9_-]*")) {
            throw error(at + "aggregate",
                    "'" + aggregate + "' must be lower case letters, digits, '-' or '_' (it becomes part of a topic name)");
        }
        List<String> key = textList(node.get("key"), at + "key");
        if (key.isEmpty()) {
            throw error(at + "key", "is missing; name the key column(s) of " + table + ", e.g. 'key: [ORD_NO]'");
        }
        Map<String, Map<String, String>> codeTables = codeTables(node.get("codes"), at + "codes");
        Set<String> excluded = new TreeSet<>(textList(node.get("exclude"), at + "exclude"));

        JsonNode fieldsNode = node.get("fields");
        if (fieldsNode == null || !fieldsNode.isObject() || fieldsNode.isEmpty()) {
            throw error(at + "fields", "is missing; declare the event fields, e.g. 'fields: { orderId: { column: ORD_NO } }'");
        }
        Map<String, FieldMapping> fields = new LinkedHashMap<>();
        Set<String> sensitive = new TreeSet<>(excluded);
        for (Iterator<Map.Entry<String, JsonNode>> it = fieldsNode.fields(); it.hasNext();) {
            var entry = it.next();
            FieldMapping field = field(entry.getKey(), entry.getValue(), at + "fields." + entry.getKey(), codeTables);
            if (field.column() != null && excluded.contains(field.column())) {
                throw error(at + "fields." + entry.getKey() + ".column", "reads " + field.column()
                        + ", which this mapping excludes; remove the field or take the column off 'exclude'");
            }
            if (field.masked()) {
                sensitive.add(field.column());
            }
            fields.put(entry.getKey(), field);
        }
        for (FieldMapping field : fields.values()) {
            if (field.column() != null && !field.masked() && sensitive.contains(field.column())) {
                throw error(at + "fields." + field.path(), "reads " + field.column() + ", which another field masks; its value would be"
                        + " published here unmasked: add 'mask: true' or remove the field");
            }
        }
        checkPathsDoNotCollide(fields.keySet(), at + "fields");

        JsonNode eventsNode = node.get("events");
        if (eventsNode == null || !eventsNode.isArray() || eventsNode.isEmpty()) {
            throw error(at + "events", "is missing; list the events to emit, e.g. '- { type: OrderPlaced, version: 1, on: insert }'");
        }
        List<EventRule> events = new ArrayList<>();
        List<Boolean> declaresSnapshot = new ArrayList<>();
        for (int i = 0; i < eventsNode.size(); i++) {
            events.add(event(eventsNode.get(i), at + "events[" + i + "]", fields, codeTables));
            declaresSnapshot.add(textList(eventsNode.get(i).get("on"), at + "events[" + i + "].on").stream()
                    .anyMatch(op -> op.equalsIgnoreCase("snapshot")));
        }
        if (declaresSnapshot.contains(true)) {
            // a rule 'on: snapshot' says what snapshot rows become: insert rules then no longer fire for them
            for (int i = 0; i < events.size(); i++) {
                if (!declaresSnapshot.get(i)) {
                    events.set(i, events.get(i).without(Operation.SNAPSHOT));
                }
            }
        }
        for (String column : key) {
            if (sensitive.contains(column)) {
                throw error(at + "key",
                        "uses " + column + ", which this mapping excludes or masks; the key is published as the aggregate id,"
                                + " so key on a column that is not personal data");
            }
        }
        for (int i = 0; i < events.size(); i++) {
            for (String column : events.get(i).condition().columns()) {
                if (excluded.contains(column)) {
                    throw error(at + "events[" + i + "].when", "compares " + column + ", which this mapping excludes;"
                            + " remove the condition or take the column off 'exclude'");
                }
            }
        }
        return new TableMapping(file, table, aggregate, key, Set.copyOf(sensitive), List.copyOf(events), badData);
    }

    private FieldMapping field(String path, JsonNode node, String at, Map<String, Map<String, String>> codeTables) {
        if (!path.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
            throw error(at, "'" + path + "' is not a field path; use names joined by dots, e.g. total.amount");
        }
        if (node.isTextual()) {
            return new FieldMapping(path, node.asText().strip(), Image.CURRENT, new Conversions.Auto(), null, false);
        }
        if (!node.isObject()) {
            throw error(at, "must be a column name or { column: ..., convert: ... }");
        }
        allowOnly(node, FIELD_KEYS, at);
        if (node.has("mask") && !node.get("mask").isBoolean()) {
            throw error(at + ".mask", "must be true or false");
        }
        boolean masked = node.path("mask").asBoolean(false);
        if (node.has("value")) {
            if (node.has("column")) {
                throw error(at, "has both 'column' and 'value'; a field reads a column or is a constant, not both");
            }
            node.fieldNames().forEachRemaining(name -> {
                if (!name.equals("value")) {
                    throw error(at + "." + name, "does not apply to a constant ('value:'), which is published as it is written; remove it");
                }
            });
            return new FieldMapping(path, null, Image.CURRENT, null, node.get("value").asText(), false);
        }
        String column = requiredText(node, "column", at + ".", "the legacy column it reads, e.g. 'column: CUST_NM'");
        Image image = switch (node.path("image").asText("after")) {
            case "after", "current" -> Image.CURRENT;
            case "before" -> Image.BEFORE;
            default -> throw error(at + ".image", "must be 'after' (default) or 'before'");
        };
        return new FieldMapping(path, column, image, conversion(node, at, codeTables), null, masked);
    }

    private Conversion conversion(JsonNode node, String at, Map<String, Map<String, String>> codeTables) {
        String name = node.path("convert").asText("auto");
        if (!MappingVocabulary.CONVERSIONS.contains(name)) {
            throw error(at + ".convert", "unknown conversion '" + name + "'; use one of " + Conversions.NAMES);
        }
        List<String> options = MappingVocabulary.CONVERSION_OPTIONS.get(name);
        for (String option : MappingVocabulary.OPTION_KEYS) {
            if (node.has(option) && !options.contains(option)) {
                throw error(at + "." + option, "does not apply to conversion '" + name + "'; remove it"
                        + (options.isEmpty() ? "" : " (conversion '" + name + "' takes " + new TreeSet<>(options) + ")"));
            }
        }
        try {
            return switch (name) {
                case "string" -> new Conversions.Text();
                case "trim" -> new Conversions.Trim();
                case "null-if-blank" -> new Conversions.NullIfBlank();
                case "integer" -> new Conversions.WholeNumber();
                case "cents" -> new Conversions.Cents(intOption(node, "scale", at, 2));
                case "flag" -> new Conversions.Flag(
                        node.has("true") ? Set.copyOf(textList(node.get("true"), at + ".true")) : Conversions.Flag.DEFAULT_TRUE,
                        node.has("false") ? Set.copyOf(textList(node.get("false"), at + ".false")) : Conversions.Flag.DEFAULT_FALSE);
                case "date" -> new Conversions.Date(pattern(node, at, Conversions.Date.DEFAULT_PATTERN));
                case "timestamp" -> new Conversions.Timestamp(pattern(node, at, Conversions.Timestamp.DEFAULT_PATTERN), zone(node, at));
                case "code" -> new Conversions.Code(codes(node.get("codes"), at + ".codes", codeTables));
                default -> new Conversions.Auto();
            };
        } catch (IllegalArgumentException e) {
            throw error(at, "conversion '" + name + "': " + e.getMessage());
        }
    }

    private int intOption(JsonNode node, String name, String at, int fallback) {
        JsonNode value = node.get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw error(at + "." + name, "'" + value.asText() + "' is not a whole number, e.g. " + name + ": " + fallback);
        }
        return value.intValue();
    }

    private ZoneId zone(JsonNode node, String at) {
        if (!node.has("zone")) {
            throw error(at + ".zone",
                    "is missing; a legacy timestamp has no zone, declare the one it was written in, e.g. 'zone: Europe/Berlin'");
        }
        String zone = node.get("zone").asText();
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw error(at + ".zone", "'" + zone + "' is not a time zone; use a region id such as Europe/Berlin or UTC");
        }
    }

    private Map<String, String> codes(JsonNode node, String at, Map<String, Map<String, String>> codeTables) {
        if (node == null) {
            throw error(at,
                    "is missing; a 'code' conversion needs a code table, inline ({ NW: NEW, SH: SHIPPED }) or the name of one under 'codes:'");
        }
        if (node.isTextual()) {
            Map<String, String> table = codeTables.get(node.asText());
            if (table == null) {
                throw error(at, "names code table '" + node.asText() + "', which is not declared under 'codes:' (declared: "
                        + codeTables.keySet() + ")");
            }
            return table;
        }
        return codeTable(node, at);
    }

    private Map<String, Map<String, String>> codeTables(JsonNode node, String at) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        if (node == null) {
            return tables;
        }
        if (!node.isObject()) {
            throw error(at, "must map code table names to code tables, e.g. 'codes: { orderStatus: { NW: NEW } }'");
        }
        node.fields().forEachRemaining(e -> tables.put(e.getKey(), codeTable(e.getValue(), at + "." + e.getKey())));
        return tables;
    }

    private Map<String, String> codeTable(JsonNode node, String at) {
        if (!node.isObject() || node.isEmpty()) {
            throw error(at, "must map every legacy code to its value, e.g. { NW: NEW, SH: SHIPPED }");
        }
        Map<String, String> table = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().isBlank()) {
                throw error(at + "." + e.getKey(),
                        "code '" + e.getKey() + "' has no value; give it the modern value, e.g. " + e.getKey() + ": SHIPPED");
            }
            table.put(e.getKey().strip(), e.getValue().asText());
        });
        return Map.copyOf(table);
    }

    private String pattern(JsonNode node, String at, String fallback) {
        String pattern = node.path("pattern").asText(fallback);
        try {
            Conversions.strict(pattern);
            return pattern;
        } catch (IllegalArgumentException e) {
            throw error(at + ".pattern",
                    "'" + pattern + "' is not a date/time pattern (" + e.getMessage() + "); e.g. yyyyMMdd or yyyyMMddHHmmss");
        }
    }

    private EventRule event(JsonNode node, String at, Map<String, FieldMapping> fields, Map<String, Map<String, String>> codeTables) {
        if (!node.isObject()) {
            throw error(at, "must be { type: ..., version: ..., on: ... }");
        }
        allowOnly(node, EVENT_KEYS, at);
        String type = requiredText(node, "type", at + ".", "the event type, past tense, e.g. 'type: OrderPlaced'");
        String earlier = eventTypes.putIfAbsent(type, file + " (" + at + ")");
        if (earlier != null) {
            throw error(at + ".type", "duplicate event type '" + type + "', already declared in " + earlier
                    + "; give each event type one definition (or a new name)");
        }
        if (!type.matches("[A-Z][A-Za-z0-9]*")) {
            throw error(at + ".type",
                    "'" + type + "' is not an event type name; use <Aggregate><PastVerb> in PascalCase, e.g. OrderPlaced");
        }
        int version = 1;
        if (node.has("version")) {
            JsonNode declared = node.get("version");
            if (!declared.isIntegralNumber() || !declared.canConvertToInt() || declared.intValue() < 1) {
                throw error(at + ".version",
                        "'" + declared.asText() + "' is not a schema version; use a whole number from 1, e.g. version: 1");
            }
            version = declared.intValue();
        }
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        List<String> on = textList(node.get("on"), at + ".on");
        if (on.isEmpty()) {
            throw error(at + ".on", "is missing; say when the event is emitted: insert, update, delete or snapshot");
        }
        for (String op : on) {
            switch (op.toLowerCase(Locale.ROOT)) {
                case "insert" -> {
                    operations.add(Operation.INSERT);
                    operations.add(Operation.SNAPSHOT);
                }
                case "update" -> operations.add(Operation.UPDATE);
                case "delete" -> operations.add(Operation.DELETE);
                case "snapshot" -> operations.add(Operation.SNAPSHOT);
                default -> throw error(at + ".on", "'" + op + "' is not an operation; use insert, update, delete or snapshot");
            }
        }
        Condition condition = condition(node.get("when"), at + ".when", operations);
        List<FieldMapping> carried = new ArrayList<>();
        if (node.has("fields")) {
            List<String> names = textList(node.get("fields"), at + ".fields");
            for (String name : names) {
                FieldMapping field = fields.get(name);
                if (field == null) {
                    throw error(at + ".fields",
                            "names field '" + name + "', which is not declared under 'fields:' (declared: " + fields.keySet() + ")");
                }
                carried.add(field);
            }
        } else {
            fields.values().stream().filter(f -> f.image() == Image.CURRENT).forEach(carried::add);
        }
        for (FieldMapping field : carried) {
            if (field.image() == Image.BEFORE && !operations.equals(EnumSet.of(Operation.UPDATE))
                    && !operations.equals(EnumSet.of(Operation.DELETE))) {
                throw error(at + ".fields", "field '" + field.path()
                        + "' reads the before image, which only updates and deletes have; emit this event on update or delete only");
            }
        }
        if (!node.has("when") && operations.contains(Operation.UPDATE)) {
            condition = new Condition.CarriedChanged(carried.stream()
                    .filter(f -> f.column() != null && f.image() == Image.CURRENT).map(FieldMapping::column).distinct().toList());
        }
        List<Collection> collections = collections(node.get("collect"), at + ".collect", codeTables);
        if (!collections.isEmpty() && !operations.contains(Operation.INSERT) && !operations.contains(Operation.SNAPSHOT)) {
            throw error(at + ".collect", "collects rows inserted together with the event's row (or, for a snapshot row, its rows at"
                    + " snapshot time), so the event must be emitted 'on: insert' or 'on: snapshot'");
        }
        for (Collection collection : collections) {
            if (carried.stream().anyMatch(f -> f.path().equals(collection.path()) || f.path().startsWith(collection.path() + "."))) {
                throw error(at + ".collect." + collection.path(), "collides with a field of the same name; rename one of them");
            }
        }
        return new EventRule(type, version, Set.copyOf(operations), condition, List.copyOf(carried), collections);
    }

    private List<Collection> collections(JsonNode node, String at, Map<String, Map<String, String>> codeTables) {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject() || node.isEmpty()) {
            throw error(at,
                    "must map array fields to child tables, e.g. 'collect: { lines: { table: OMS.ORDLIN, join: { ORD_NO: ORD_NO }, fields: { ... } } }'");
        }
        List<Collection> collections = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            var entry = it.next();
            String where = at + "." + entry.getKey();
            JsonNode spec = entry.getValue();
            if (!spec.isObject()) {
                throw error(where, "must be { table: ..., join: { CHILD_COLUMN: PARENT_COLUMN }, fields: { ... } }");
            }
            allowOnly(spec, COLLECT_KEYS, where);
            String tableText = requiredText(spec, "table", where + ".", "the child table as SCHEMA.TABLE, e.g. OMS.ORDLIN");
            TableId table = TableId.parse(tableText);
            if (table == null) {
                throw error(where + ".table", "'" + tableText + "' is not schema-qualified; write it as SCHEMA.TABLE, e.g. OMS.ORDLIN");
            }
            JsonNode join = spec.get("join");
            if (join == null || !join.isObject() || join.isEmpty()) {
                throw error(where + ".join",
                        "is missing; say which child column matches which column of the event's row, e.g. { ORD_NO: ORD_NO }");
            }
            Map<String, String> joinColumns = new LinkedHashMap<>();
            join.fields().forEachRemaining(j -> joinColumns.put(j.getKey(), j.getValue().asText()));
            JsonNode fieldsNode = spec.get("fields");
            if (fieldsNode == null || !fieldsNode.isObject() || fieldsNode.isEmpty()) {
                throw error(where + ".fields", "is missing; declare the fields of each element, e.g. { itemCode: { column: ITM_CD } }");
            }
            List<FieldMapping> fields = new ArrayList<>();
            fieldsNode.fields()
                    .forEachRemaining(f -> fields.add(field(f.getKey(), f.getValue(), where + ".fields." + f.getKey(), codeTables)));
            collections.add(new Collection(entry.getKey(), table, Map.copyOf(joinColumns), List.copyOf(fields)));
        }
        return List.copyOf(collections);
    }

    private Condition condition(JsonNode node, String at, Set<Operation> operations) {
        if (node == null) {
            return new Condition.Always();
        }
        if (!node.isObject() || node.size() != 1) {
            throw error(at, "must hold exactly one of " + WHEN_KEYS);
        }
        allowOnly(node, WHEN_KEYS, at);
        if (!operations.equals(EnumSet.of(Operation.UPDATE))) {
            throw error(at, "compares old and new values, so the event must be emitted 'on: update' only");
        }
        if (node.has("changed")) {
            List<String> columns = textList(node.get("changed"), at + ".changed");
            if (columns.isEmpty()) {
                throw error(at + ".changed", "names no column; list the columns whose change emits the event");
            }
            return new Condition.Changed(columns);
        }
        JsonNode transition = node.get("transition");
        if (!transition.isObject()) {
            throw error(at + ".transition", "must be { column: ..., to: ..., from: ... (optional) }; 'field:' may stand for 'column:'");
        }
        allowOnly(transition, TRANSITION_KEYS, at + ".transition");
        if (transition.has("column") && transition.has("field")) {
            throw error(at + ".transition", "has both 'column' and 'field', which mean the same; keep one");
        }
        String columnKey = transition.has("field") ? "field" : "column";
        return new Condition.Transition(
                requiredText(transition, columnKey, at + ".transition.", "the column whose raw value changes, e.g. ORD_STS"),
                transition.has("from") ? transition.get("from").asText().strip() : null,
                requiredText(transition, "to", at + ".transition.", "the legacy value it changes to, e.g. SH").strip());
    }

    private void checkPathsDoNotCollide(Set<String> paths, String at) {
        for (String path : paths) {
            for (String other : paths) {
                if (other.startsWith(path + ".")) {
                    throw error(at + "." + other, "nests under '" + path + "', which is a value; rename one of them");
                }
            }
        }
    }

    private void allowOnly(JsonNode node, Set<String> allowed, String at) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw error(at.isEmpty() ? name : at + "." + name, "unknown key; expected one of " + new TreeSet<>(allowed));
            }
        });
    }

    private String requiredText(JsonNode node, String name, String at, String hint) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
            throw error(at + name, "is missing; give " + hint);
        }
        return value.asText().strip();
    }

    private List<String> textList(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isValueNode()) {
            return List.of(node.asText().strip());
        }
        if (!node.isArray()) {
            throw error(at, "must be a value or a list of values");
        }
        Set<String> values = new LinkedHashSet<>();
        node.forEach(v -> {
            if (!v.isValueNode()) {
                throw error(at, "must list plain values");
            }
            values.add(v.asText().strip());
        });
        return List.copyOf(values);
    }

    private MappingDefinitionException error(String key, String problem) {
        return new MappingDefinitionException(file, key, problem,
                key.isEmpty() || key.startsWith("line ") ? -1 : YamlLines.of(text).lineOf(key));
    }
}
