package io.sluice.adapter.mapping;

/**
 * Turns one legacy column value into a clean event value (String, Boolean, Long, BigDecimal or null).
 * Implementations are pure and thread-safe.
 */
@FunctionalInterface
public interface Conversion {

    /**
     * @param value the column value (never {@link io.sluice.adapter.change.RowChange#UNAVAILABLE})
     * @throws ConversionException when the value cannot be converted; its message says why, without the value
     */
    Object convert(Object value);

    /** A value that does not fit its declared conversion. */
    final class ConversionException extends RuntimeException {
        public ConversionException(String problem) {
            super(problem, null, false, false);
        }
    }
}
