package io.sluice.adapter.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.sluice.adapter.change.Operation;
import io.sluice.adapter.change.RowChange;

/** When an event is derived from a change, beyond the operation. */
public sealed interface Condition {

    /**
     * @throws MissingBeforeImage when deciding needs the old row values and the source did not send them
     */
    boolean test(RowChange change);

    /** The columns whose old and new values the condition compares. */
    List<String> columns();

    /** Always. */
    record Always() implements Condition {
        @Override
        public boolean test(RowChange change) {
            return true;
        }

        @Override
        public List<String> columns() {
            return List.of();
        }
    }

    /** Any of the columns changed (values compared without CHAR padding). */
    record Changed(List<String> columns) implements Condition {
        @Override
        public boolean test(RowChange change) {
            Map<String, Object> before = requireBefore(change, columns);
            return columns.stream().anyMatch(c -> !Objects.equals(normal(before.get(c)), normal(after(change, c))));
        }
    }

    /**
     * The implicit rule of an update event without {@code when}: it is emitted only if a column it carries
     * changed. When the change has no old values to compare (replica identity not FULL), it is emitted: an
     * extra event is recoverable, a lost one is not. Other operations always pass.
     */
    record CarriedChanged(List<String> columns) implements Condition {
        @Override
        public boolean test(RowChange change) {
            Map<String, Object> before = change.before();
            if (change.operation() != Operation.UPDATE || before == null
                    || columns.stream().anyMatch(c -> !before.containsKey(c) || before.get(c) == RowChange.UNAVAILABLE)) {
                return true;
            }
            return columns.stream().anyMatch(c -> !Objects.equals(normal(before.get(c)), normal(after(change, c))));
        }
    }

    /** The column's value became {@code to} (from {@code from}, when given; from anything else otherwise). */
    record Transition(String column, String from, String to) implements Condition {
        @Override
        public boolean test(RowChange change) {
            if (!reachesTarget(change)) {
                return false;
            }
            Map<String, Object> before = requireBefore(change, List.of(column));
            Object previous = normal(before.get(column));
            return !to.equals(previous) && (from == null || from.equals(previous));
        }

        @Override
        public List<String> columns() {
            return List.of(column);
        }

        /** Whether the column's new value is {@code to}; when not, the transition does not hold, whatever the old value. */
        public boolean reachesTarget(RowChange change) {
            return to.equals(normal(after(change, column)));
        }
    }

    private static Map<String, Object> requireBefore(RowChange change, List<String> columns) {
        Map<String, Object> before = change.before();
        if (before == null || columns.stream().anyMatch(c -> !before.containsKey(c) || before.get(c) == RowChange.UNAVAILABLE)) {
            throw new MissingBeforeImage(columns);
        }
        return before;
    }

    /** The new value; an unavailable (unchanged TOASTed) one is the old value, when the change has it. */
    private static Object after(RowChange change, String column) {
        Object value = change.after().get(column);
        if (value == RowChange.UNAVAILABLE && change.before() != null && change.before().get(column) != RowChange.UNAVAILABLE) {
            return change.before().get(column);
        }
        return value;
    }

    private static Object normal(Object value) {
        return value instanceof String text ? text.strip() : value;
    }

    /** The old values needed to decide were not sent by the source. */
    final class MissingBeforeImage extends RuntimeException {
        MissingBeforeImage(List<String> columns) {
            super("the change carries no old value of " + columns + ", needed to tell what changed", null, false, false);
        }
    }
}
