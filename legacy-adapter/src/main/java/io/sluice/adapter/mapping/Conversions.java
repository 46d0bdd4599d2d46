package io.sluice.adapter.mapping;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.sluice.adapter.mapping.Conversion.ConversionException;

/**
 * The conversions a mapping can name: one small record each, whose compact constructor validates its
 * declared configuration (throwing {@link IllegalArgumentException} with the problem) and whose
 * {@link Conversion#convert} is pure. Messages of {@link ConversionException} never contain the value.
 */
final class Conversions {

    /** Every conversion name a mapping may use. */
    static final List<String> NAMES = List.of("string", "trim", "null-if-blank", "integer", "cents", "flag", "date", "timestamp", "code");

    private Conversions() {
    }

    /** No {@code convert:} given: text is trimmed, numbers and booleans kept, dates and times as ISO-8601 text. */
    record Auto() implements Conversion {
        @Override
        public Object convert(Object value) {
            if (value instanceof String text) {
                return text.strip();
            }
            if (value instanceof Number || value instanceof Boolean) {
                return value;
            }
            return text(value);
        }
    }

    /** The value as text, unchanged (numbers as their decimal digits). */
    record Text() implements Conversion {
        @Override
        public Object convert(Object value) {
            return text(value);
        }
    }

    /** Removes the blank padding of CHAR columns. */
    record Trim() implements Conversion {
        @Override
        public Object convert(Object value) {
            return text(value).strip();
        }
    }

    /** Trims, and turns an empty result into null. */
    record NullIfBlank() implements Conversion {
        @Override
        public Object convert(Object value) {
            String text = text(value).strip();
            return text.isEmpty() ? null : text;
        }
    }

    /** A whole number (also from padded text); blank is null. */
    record WholeNumber() implements Conversion {
        @Override
        public Object convert(Object value) {
            if (value instanceof BigDecimal decimal) {
                try {
                    return decimal.longValueExact();
                } catch (ArithmeticException e) {
                    throw new ConversionException("is not an integer");
                }
            }
            if (value instanceof Number number && !(value instanceof Double)) {
                return number.longValue();
            }
            String text = text(value).strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ConversionException("is not an integer");
            }
        }
    }

    /** An amount in the smallest currency unit to a decimal number with {@code scale} places; blank is null. */
    record Cents(int scale) implements Conversion {
        Cents {
            if (scale < 0 || scale > 6) {
                throw new IllegalArgumentException("scale " + scale + " is out of range; use 0 to 6 (2 for cents)");
            }
        }

        @Override
        public Object convert(Object value) {
            if (value instanceof BigDecimal decimal) {
                return decimal.movePointLeft(scale);
            }
            if (value instanceof Number number && !(value instanceof Double)) {
                return BigDecimal.valueOf(number.longValue(), scale);
            }
            String text = text(value).strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return BigDecimal.valueOf(Long.parseLong(text), scale);
            } catch (NumberFormatException e) {
                throw new ConversionException("is not an amount in cents");
            }
        }
    }

    /** Legacy flags (Y/N, 1/0, J/N ...) to booleans, compared after trimming; blank is null. */
    record Flag(Set<String> trueValues, Set<String> falseValues) implements Conversion {
        static final Set<String> DEFAULT_TRUE = Set.of("Y", "J", "1", "T");
        static final Set<String> DEFAULT_FALSE = Set.of("N", "0", "F");

        Flag {
            trueValues = Set.copyOf(trueValues);
            falseValues = Set.copyOf(falseValues);
            if (trueValues.isEmpty() || falseValues.isEmpty()) {
                throw new IllegalArgumentException("needs at least one true and one false value, e.g. true: [Y], false: [N]");
            }
            Set<String> both = new TreeSet<>(trueValues);
            both.retainAll(falseValues);
            if (!both.isEmpty()) {
                throw new IllegalArgumentException(both + " cannot mean both true and false");
            }
        }

        @Override
        public Object convert(Object value) {
            if (value instanceof Boolean bool) {
                return bool;
            }
            String text = text(value).strip();
            if (text.isEmpty()) {
                return null;
            }
            if (trueValues.contains(text)) {
                return Boolean.TRUE;
            }
            if (falseValues.contains(text)) {
                return Boolean.FALSE;
            }
            throw new ConversionException("is not a flag (true: " + new TreeSet<>(trueValues) + ", false: "
                    + new TreeSet<>(falseValues) + ")");
        }
    }

    /** A legacy date text (default {@code yyyyMMdd}) to an ISO-8601 date; blank and all-zero dates are null. */
    record Date(String pattern, DateTimeFormatter format) implements Conversion {
        static final String DEFAULT_PATTERN = "yyyyMMdd";

        Date(String pattern) {
            this(pattern, strict(pattern));
        }

        @Override
        public Object convert(Object value) {
            if (value instanceof LocalDate date) {
                return date.toString();
            }
            String text = text(value).strip();
            if (isEmptyDate(text)) {
                return null;
            }
            try {
                return LocalDate.parse(text, format).toString();
            } catch (DateTimeException e) {
                throw new ConversionException("is not a valid " + pattern + " date");
            }
        }
    }

    /** A zone-less legacy timestamp text to an ISO-8601 instant, read in the declared zone; blank and zeros are null. */
    record Timestamp(String pattern, ZoneId zone, DateTimeFormatter format) implements Conversion {
        static final String DEFAULT_PATTERN = "yyyyMMddHHmmss";

        Timestamp(String pattern, ZoneId zone) {
            this(pattern, Objects.requireNonNull(zone, "zone"), strict(pattern));
        }

        @Override
        public Object convert(Object value) {
            if (value instanceof LocalDateTime local) {
                return local.atZone(zone).toInstant().toString();
            }
            if (value instanceof Instant instant) {
                return instant.toString();
            }
            if (value instanceof OffsetDateTime offset) {
                return offset.toInstant().toString();
            }
            String text = text(value).strip();
            if (isEmptyDate(text)) {
                return null;
            }
            try {
                return LocalDateTime.parse(text, format).atZone(zone).toInstant().toString();
            } catch (DateTimeException e) {
                throw new ConversionException("is not a valid " + pattern + " timestamp");
            }
        }
    }

    /** A code table: legacy code (trimmed) to the value of the modern world. Unknown codes are errors. */
    record Code(Map<String, String> codes) implements Conversion {
        Code {
            if (codes.isEmpty()) {
                throw new IllegalArgumentException(
                        "code table is empty; map every legacy code to its value, e.g. { NW: NEW, SH: SHIPPED }");
            }
            codes = Map.copyOf(codes);
        }

        @Override
        public Object convert(Object value) {
            String mapped = codes.get(text(value).strip());
            if (mapped == null) {
                throw new ConversionException("is a code with no value in the code table (known codes: "
                        + new TreeSet<>(codes.keySet()) + ")");
            }
            return mapped;
        }
    }

    /**
     * A strict formatter for a date/time pattern; {@code yyyy} is read as the proleptic year, since strict
     * resolution rejects year-of-era without an era.
     *
     * @throws IllegalArgumentException when the pattern is not one
     */
    static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private static boolean isEmptyDate(String text) {
        return text.isEmpty() || text.chars().allMatch(c -> c == '0');
    }

    /** Any row value as text: bytes as Base64, dates and times as ISO-8601. */
    static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return String.valueOf(value); // java.time values print as ISO-8601

    }

    /** The name a mapping file uses for a conversion. */
    static String nameOf(Conversion conversion) {
        if (conversion instanceof Date) {
            return "date";
        } else if (conversion instanceof Timestamp) {
            return "timestamp";
        } else if (conversion instanceof Cents) {
            return "cents";
        } else if (conversion instanceof WholeNumber) {
            return "integer";
        } else if (conversion instanceof Flag) {
            return "flag";
        } else if (conversion instanceof Code) {
            return "code";
        }
        return conversion.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether a conversion can work on a column of this SQL type at all. Text columns fit every conversion
     * (legacy data lives in text); what never fits is, e.g., a date read from a boolean column.
     */
    static boolean accepts(Conversion conversion, String sqlType) {
        String type = sqlType.toLowerCase(java.util.Locale.ROOT);
        boolean binary = type.equals("bytea");
        boolean temporal = type.startsWith("timestamp") || type.startsWith("time") || type.equals("date") || type.equals("interval");
        boolean bool = type.equals("boolean");
        if (conversion instanceof Date) {
            return !binary && !bool && !type.startsWith("time") && !type.equals("interval");
        }
        if (conversion instanceof Timestamp) {
            return !binary && !bool && !type.equals("date") && !type.startsWith("time ") && !type.equals("interval");
        }
        if (conversion instanceof Cents || conversion instanceof WholeNumber) {
            return !binary && !bool && !temporal;
        }
        if (conversion instanceof Flag || conversion instanceof Code) {
            return !binary && !temporal;
        }
        return true;
    }
}
