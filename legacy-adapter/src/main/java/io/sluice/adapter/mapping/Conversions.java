package io.sluice.adapter.mapping;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.sluice.adapter.mapping.Conversion.ConversionException;

/** The conversions a mapping can name, and how each is built from its declaration. */
final class Conversions {

    /** Every conversion name a mapping may use. */
    static final List<String> NAMES = List.of("string", "trim", "null-if-blank", "integer", "cents", "flag", "date", "timestamp", "code");

    private Conversions() {
    }

    static Conversion string() {
        return value -> value instanceof String text ? text : String.valueOf(value);
    }

    /** Removes the blank padding of CHAR columns. */
    static Conversion trim() {
        return value -> text(value).strip();
    }

    /** Trims, and turns an empty result into null. */
    static Conversion nullIfBlank() {
        return value -> {
            String text = text(value).strip();
            return text.isEmpty() ? null : text;
        };
    }

    static Conversion integer() {
        return value -> {
            if (value instanceof Number number) {
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
        };
    }

    /** An amount in the smallest currency unit to a decimal number with the given scale. */
    static Conversion cents(int scale) {
        return value -> {
            if (value instanceof BigDecimal decimal) {
                return decimal.movePointLeft(scale);
            }
            if (value instanceof Number number) {
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
        };
    }

    /** Legacy flags (Y/N, 1/0, J/N ...) to booleans; blank is null. */
    static Conversion flag(Set<String> trueValues, Set<String> falseValues) {
        return value -> {
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
            throw new ConversionException("is not a flag (true: " + trueValues + ", false: " + falseValues + ")");
        };
    }

    /** A legacy date text (default {@code yyyyMMdd}) to ISO-8601; blank and all-zero dates are null. */
    static Conversion date(String pattern) {
        DateTimeFormatter format = strict(pattern);
        return value -> {
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
        };
    }

    /** A zone-less legacy timestamp text to an ISO-8601 instant, read in the declared zone. */
    static Conversion timestamp(String pattern, ZoneId zone) {
        DateTimeFormatter format = strict(pattern);
        return value -> {
            if (value instanceof LocalDateTime local) {
                return local.atZone(zone).toInstant().toString();
            }
            String text = text(value).strip();
            if (isEmptyDate(text)) {
                return null;
            }
            try {
                TemporalAccessor parsed = format.parse(text);
                return LocalDateTime.from(parsed).atZone(zone).toInstant().toString();
            } catch (DateTimeException e) {
                throw new ConversionException("is not a valid " + pattern + " timestamp");
            }
        };
    }

    /** A code table: legacy code to the enum value of the modern world. Unknown codes are errors. */
    static Conversion code(Map<String, String> codes) {
        return value -> {
            String code = text(value).strip();
            String mapped = codes.get(code);
            if (mapped == null) {
                throw new ConversionException("is a code with no value in the code table (known codes: " + codes.keySet() + ")");
            }
            return mapped;
        };
    }

    /** Validates a date/time pattern at load time; the message says what is wrong. */
    static DateTimeFormatter strict(String pattern) {
        // "yyyy" is year-of-era, which STRICT resolution rejects without an era: use proleptic year.
        return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private static boolean isEmptyDate(String text) {
        return text.isEmpty() || text.chars().allMatch(c -> c == '0');
    }

    private static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[]) {
            throw new ConversionException("is binary, not text");
        }
        return String.valueOf(value);
    }
}
