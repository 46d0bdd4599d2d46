package io.sluice.relay.preview;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a mapping would make of the rows already in its tables: nothing of it was published.
 *
 * @param rowsPerTable how many rows of each mapped table were read (at most)
 * @param tables       one entry per mapped table
 */
public record PreviewReport(int rowsPerTable, List<TablePreview> tables) {

    /** Events over all tables. */
    public int eventCount() {
        return tables.stream().mapToInt(t -> t.events().size()).sum();
    }

    /** Dead letters over all tables. */
    public int deadLetterCount() {
        return tables.stream().mapToInt(t -> t.deadLetters().size()).sum();
    }

    /**
     * @param table            the legacy table, {@code schema.table}
     * @param files            the mapping files that map it
     * @param rowsRead         rows read, ordered by the mapping's key columns
     * @param events           the events the rows yield, as they would be published (child rows collected by the join keys)
     * @param deadLetters      the rows that would go to the dead-letter topic, and why
     * @param alwaysNullFields per event type, the data fields that are null (or, for arrays, empty) in every event of that type:
     *                         usually a column that holds nothing, a wrong column, or a join that finds no child rows
     */
    public record TablePreview(String table, List<String> files, int rowsRead, List<PreviewEvent> events,
            List<PreviewDeadLetter> deadLetters,
            Map<String, List<String>> alwaysNullFields) {
    }

    /** An event as it would be published: type and version ({@code ce_type}), topic, key ({@code ce_subject}) and data. */
    public record PreviewEvent(String type, int version, String topic, String key, JsonNode data) {
    }

    /**
     * A row that would be dead-lettered.
     *
     * @param row the columns the mappings read, masked and excluded ones shown as {@code ****}
     */
    public record PreviewDeadLetter(String key, String reason, Map<String, Object> row) {
    }
}
