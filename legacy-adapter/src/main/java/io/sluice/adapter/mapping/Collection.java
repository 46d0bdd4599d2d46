package io.sluice.adapter.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sluice.adapter.change.TableId;

/**
 * Rows of a child table, inserted in the same source transaction as the event's row, assembled into
 * an array field of the event: an order header and its lines become one {@code OrderPlaced}.
 *
 * @param path   the array field, e.g. {@code lines}
 * @param table  the child table, e.g. {@code OMS.ORDLIN}
 * @param join   child column → column of the event's row, e.g. {@code ORD_NO → ORD_NO}
 * @param fields the fields of each array element, read from the child row
 */
public record Collection(String path, TableId table, Map<String, String> join, List<FieldMapping> fields) {

    /** The join key of a child row: its join columns' values, compared as {@link #parentKey} gives the parent's. */
    public List<Object> childKey(Map<String, Object> child) {
        List<Object> key = new ArrayList<>(join.size());
        join.keySet().forEach(column -> key.add(comparable(child.get(column))));
        return key;
    }

    /** The join key a parent row's children carry: text trimmed, numbers compared by value ({@code 7} = {@code 7.0}). */
    public List<Object> parentKey(Map<String, Object> parent) {
        List<Object> key = new ArrayList<>(join.size());
        join.values().forEach(column -> key.add(comparable(parent.get(column))));
        return key;
    }

    private static Object comparable(Object value) {
        if (value instanceof String text) {
            return text.strip();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        return value;
    }
}
