package io.sluice.adapter.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sluice.adapter.event.CloudEventHeaders;

/**
 * The published language, generated from the mappings: a JSON Schema (2020-12) for every event type,
 * and an AsyncAPI 3.0 document listing every topic, key, header and payload. Generated, so it cannot
 * drift from what the adapter emits.
 */
public final class EventSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The CloudEvents headers every event carries, with what they hold. */
    private static final Map<String, String> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put(CloudEventHeaders.ID, "Deterministic event id: a replay of the same source change has the same id");
        HEADERS.put(CloudEventHeaders.TYPE, "The event type");
        HEADERS.put(CloudEventHeaders.SOURCE, "sluice/<source>/<SCHEMA.TABLE>");
        HEADERS.put(CloudEventHeaders.SUBJECT, "The aggregate id (also the record key)");
        HEADERS.put(CloudEventHeaders.TIME, "Commit time of the source transaction (ISO-8601)");
        HEADERS.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        HEADERS.put(CloudEventHeaders.CONTENT_TYPE, "application/json");
        HEADERS.put(CloudEventHeaders.EVENT_VERSION, "Version of the event type's schema");
        HEADERS.put(CloudEventHeaders.SOURCE_POSITION, "Source position (PostgreSQL LSN)");
        HEADERS.put(CloudEventHeaders.TRANSACTION_ID, "Source transaction id");
    }

    private final MappingCatalog catalog;

    public EventSchemas(MappingCatalog catalog) {
        this.catalog = catalog;
    }

    /** Event type → its JSON Schema, sorted by type. */
    public Map<String, ObjectNode> schemas() {
        Map<String, ObjectNode> schemas = new TreeMap<>();
        for (TableMapping mapping : catalog.mappings()) {
            for (EventRule event : mapping.events()) {
                ObjectNode schema = object(event.fields(), event.collections());
                schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
                schema.put("$id", "urn:sluice:event:" + event.type() + ":v" + event.version());
                schema.put("title", event.type());
                schema.put("description", event.type() + " version " + event.version() + ", aggregate " + mapping.aggregate()
                        + ", derived from " + mapping.table() + " (" + mapping.file() + ")");
                schemas.put(event.type(), schema);
            }
        }
        return schemas;
    }

    /**
     * @param topicPattern the relay's topic pattern, {@code {aggregate}} standing for the aggregate type
     */
    public ObjectNode asyncApi(String topicPattern) {
        ObjectNode doc = JSON.objectNode();
        doc.put("asyncapi", "3.0.0");
        doc.putObject("info").put("title", "Sluice domain events").put("version", "1")
                .put("description", "Events Sluice publishes from the legacy database: CloudEvents 1.0 in Kafka binary mode "
                        + "(attributes as ce_* headers, data as the JSON record value, aggregate id as the record key).");
        doc.put("defaultContentType", "application/json");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = doc.putObject("components").putObject("messages");
        Map<String, ObjectNode> schemas = schemas();
        Map<String, List<String>> typesByTopic = new TreeMap<>();
        for (TableMapping mapping : catalog.mappings()) {
            String topic = topicPattern.replace("{aggregate}", mapping.aggregate());
            mapping.events().forEach(e -> typesByTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(e.type()));
            for (EventRule event : mapping.events()) {
                ObjectNode message = messages.putObject(event.type());
                message.put("name", event.type());
                message.put("title", event.type() + " v" + event.version());
                message.set("headers", headers(event));
                message.set("payload", schemas.get(event.type()));
                message.putObject("bindings").putObject("kafka").putObject("key").put("type", "string")
                        .put("description", "The " + mapping.aggregate() + " aggregate id: " + String.join(":", mapping.keyColumns()));
            }
        }
        typesByTopic.forEach((topic, types) -> {
            ObjectNode channel = channels.putObject(topic);
            channel.put("address", topic);
            ObjectNode channelMessages = channel.putObject("messages");
            ObjectNode operation = operations.putObject("publish " + topic);
            operation.put("action", "send");
            operation.putObject("channel").put("$ref", "#/channels/" + topic);
            ArrayNode refs = operation.putArray("messages");
            for (String type : types) {
                channelMessages.putObject(type).put("$ref", "#/components/messages/" + type);
                refs.addObject().put("$ref", "#/channels/" + topic + "/messages/" + type);
            }
        });
        return doc;
    }

    private static ObjectNode headers(EventRule event) {
        ObjectNode headers = JSON.objectNode().put("type", "object");
        ObjectNode properties = headers.putObject("properties");
        ArrayNode required = headers.putArray("required");
        HEADERS.forEach((name, description) -> {
            ObjectNode header = properties.putObject(name).put("type", "string").put("description", description);
            if (name.equals("ce_type")) {
                header.put("const", event.type());
            } else if (name.equals("ce_eventversion")) {
                header.put("const", Integer.toString(event.version()));
            }
            required.add(name);
        });
        return headers;
    }

    private static ObjectNode object(List<FieldMapping> fields, List<Collection> collections) {
        ObjectNode root = objectSchema();
        for (FieldMapping field : fields) {
            String[] path = field.path().split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < path.length - 1; i++) {
                ObjectNode properties = (ObjectNode) node.get("properties");
                node = properties.has(path[i]) ? (ObjectNode) properties.get(path[i]) : require(node, path[i], objectSchema());
            }
            require(node, path[path.length - 1], valueSchema(field));
        }
        for (Collection collection : collections) {
            ObjectNode array = JSON.objectNode().put("type", "array");
            array.set("items", object(collection.fields(), List.of()));
            require(root, collection.path(), array);
        }
        return root;
    }

    private static ObjectNode objectSchema() {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.putObject("properties");
        schema.putArray("required");
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode require(ObjectNode object, String name, ObjectNode schema) {
        ((ObjectNode) object.get("properties")).set(name, schema);
        ((ArrayNode) object.get("required")).add(name);
        return schema;
    }

    private static ObjectNode valueSchema(FieldMapping field) {
        if (field.column() == null) {
            return JSON.objectNode().put("const", field.constant());
        }
        if (field.masked()) {
            return JSON.objectNode().put("const", FieldMapping.MASK).put("description", "masked personal data");
        }
        ObjectNode schema = JSON.objectNode().put("description", "from column " + field.column());
        Conversion conversion = field.conversion();
        if (conversion instanceof Conversions.WholeNumber) {
            nullable(schema, "integer");
        } else if (conversion instanceof Conversions.Cents) {
            nullable(schema, "number");
        } else if (conversion instanceof Conversions.Flag) {
            nullable(schema, "boolean");
        } else if (conversion instanceof Conversions.Date) {
            nullable(schema, "string").put("format", "date");
        } else if (conversion instanceof Conversions.Timestamp) {
            nullable(schema, "string").put("format", "date-time");
        } else if (conversion instanceof Conversions.Code code) {
            ArrayNode values = schema.putArray("enum");
            code.codes().values().stream().distinct().sorted().forEach(values::add);
            values.addNull();
        } else if (conversion instanceof Conversions.Auto) {
            schema.putArray("type").add("string").add("number").add("boolean").add("null");
        } else {
            nullable(schema, "string");
        }
        return schema;
    }

    private static ObjectNode nullable(ObjectNode schema, String type) {
        schema.putArray("type").add(type).add("null");
        return schema;
    }
}
