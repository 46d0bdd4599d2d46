package io.sluice.adapter.mapping;

/**
 * One field of an event's data, read from one column (or a constant) and converted.
 *
 * @param path       target path, dots nest ({@code total.amount})
 * @param column     source column, or null for a constant
 * @param image      which row image the column is read from
 * @param conversion how the value is converted
 * @param constant   the value of a constant field
 * @param masked     the value is replaced by {@link #MASK} in events
 */
public record FieldMapping(String path, String column, Image image, Conversion conversion, String constant, boolean masked) {

    /** What a masked field carries instead of its value. */
    public static final String MASK = "****";

    /** Row image a field reads. */
    public enum Image {
        /** The row after the change (for deletes: the row before). */
        CURRENT,
        /** The row before the change; needs the old values to be logged (REPLICA IDENTITY FULL). */
        BEFORE
    }
}
