package io.sluice.relay.deadletter;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.sluice.adapter.change.RowChange;
import io.sluice.relay.publish.EventPublisher;

/**
 * Turns a row image of a dead-letter record (JSON) back into the values the capture pipeline gave the mappings:
 * JSON loses the Java types of dates, times, timestamps and bytes, so they are restored from the column's SQL type
 * as {@code information_schema} names it today; the TOAST placeholder text becomes {@link RowChange#UNAVAILABLE}
 * again. Redacted values ({@code ****}) cannot be restored and stay as they are.
 */
final class RowImages {

    private RowImages() {
    }

    /**
     * @param columnTypes column name → {@code information_schema.columns.data_type}; empty when the table is gone
     * @return null for a JSON null or missing image
     */
    static Map<String, Object> decode(JsonNode image, Map<String, String> columnTypes) {
        if (image == null || image.isNull() || !image.isObject()) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = image.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            row.put(field.getKey(), value(field.getValue(), columnTypes.get(field.getKey())));
        }
        return row;
    }

    static Object value(JsonNode node, String sqlType) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (EventPublisher.UNAVAILABLE_TEXT.equals(text)) {
                return RowChange.UNAVAILABLE;
            }
            return typed(text, sqlType);
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            if (sqlType != null && (sqlType.equals("real") || sqlType.equals("double precision"))) {
                return node.doubleValue();
            }
            if (node.isIntegralNumber() && !"numeric".equals(sqlType)) {
                return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
            }
            return node.decimalValue();
        }
        return node.toString(); // arrays and objects: as JSON text
    }

    private static Object typed(String text, String sqlType) {
        if (sqlType == null) {
            return text;
        }
        try {
            return switch (sqlType) {
                case "date" -> LocalDate.parse(text);
                case "timestamp without time zone" -> LocalDateTime.parse(text);
                case "timestamp with time zone" -> OffsetDateTime.parse(text);
                case "time without time zone" -> LocalTime.parse(text);
                case "bytea" -> Base64.getDecoder().decode(text);
                default -> text;
            };
        } catch (DateTimeException | IllegalArgumentException e) {
            return text; // e.g. "****": the mapping decides what to make of it
        }
    }
}
