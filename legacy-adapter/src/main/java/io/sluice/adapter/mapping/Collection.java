package io.sluice.adapter.mapping;

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
}
