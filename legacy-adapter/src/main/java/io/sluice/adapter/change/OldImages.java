package io.sluice.adapter.change;

import java.util.Map;
import java.util.Optional;

/**
 * What the source logs of old row values, per table, as far as the caller knows it (the relay reads it from the
 * source's catalogue at start-up). Unknown tables are judged by the before image alone: a column absent from it,
 * or {@link RowChange#UNAVAILABLE}, was not sent.
 */
@FunctionalInterface
public interface OldImages {

    /** Nothing known: every table is judged by its before images alone. */
    OldImages UNKNOWN = table -> Optional.empty();

    /** @return what the source logs of the table's old values, or empty when that is not known */
    Optional<OldImage> of(TableId table);

    /** Fixed facts, e.g. for tests and previews. */
    static OldImages of(Map<TableId, OldImage> images) {
        Map<TableId, OldImage> copy = Map.copyOf(images);
        return table -> Optional.ofNullable(copy.get(table));
    }
}
