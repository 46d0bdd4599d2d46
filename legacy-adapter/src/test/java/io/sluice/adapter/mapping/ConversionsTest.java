package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.adapter.mapping.Conversion.ConversionException;

class ConversionsTest {

    private static final Conversion FLAG = Conversions.flag(Set.of("Y", "1"), Set.of("N", "0"));
    private static final Conversion STATUS = Conversions.code(Map.of("NW", "NEW", "SH", "SHIPPED"));
    private static final Conversion BERLIN = Conversions.timestamp("yyyyMMddHHmmss", ZoneId.of("Europe/Berlin"));

    static Stream<Arguments> conversions() {
        return Stream.of(
                Arguments.of("trim removes CHAR padding", Conversions.trim(), "C000000042  ", "C000000042"),
                Arguments.of("trim keeps inner blanks", Conversions.trim(), " ACME  GMBH   ", "ACME  GMBH"),
                Arguments.of("string writes numbers as text", Conversions.string(), 100001, "100001"),
                Arguments.of("null-if-blank turns padding into null", Conversions.nullIfBlank(), "        ", null),
                Arguments.of("null-if-blank trims text", Conversions.nullIfBlank(), " note ", "note"),
                Arguments.of("integer reads padded text", Conversions.integer(), " 0042 ", 42L),
                Arguments.of("integer keeps numbers", Conversions.integer(), (short) 7, 7L),
                Arguments.of("cents to decimal", Conversions.cents(2), 12550L, new BigDecimal("125.50")),
                Arguments.of("cents keeps negative amounts", Conversions.cents(2), -5L, new BigDecimal("-0.05")),
                Arguments.of("cents with scale 3", Conversions.cents(3), 1234, new BigDecimal("1.234")),
                Arguments.of("cents from text", Conversions.cents(2), "00999", new BigDecimal("9.99")),
                Arguments.of("flag Y is true", FLAG, "Y", true),
                Arguments.of("flag 0 is false", FLAG, "0", false),
                Arguments.of("blank flag is null", FLAG, " ", null),
                Arguments.of("yyyyMMdd date to ISO", Conversions.date("yyyyMMdd"), "20261124", "2026-11-24"),
                Arguments.of("leap day", Conversions.date("yyyyMMdd"), "20240229", "2024-02-29"),
                Arguments.of("blank date is null", Conversions.date("yyyyMMdd"), "        ", null),
                Arguments.of("zero date is null", Conversions.date("yyyyMMdd"), "00000000", null),
                Arguments.of("dd.MM.yyyy date", Conversions.date("dd.MM.yyyy"), "24.11.2026", "2026-11-24"),
                Arguments.of("native DATE column", Conversions.date("yyyyMMdd"), LocalDate.of(2026, 11, 24), "2026-11-24"),
                Arguments.of("winter timestamp in Berlin", BERLIN, "20261124153000", "2026-11-24T14:30:00Z"),
                Arguments.of("summer timestamp in Berlin", BERLIN, "20260701120000", "2026-07-01T10:00:00Z"),
                Arguments.of("native TIMESTAMP column", BERLIN, LocalDateTime.of(2026, 11, 24, 15, 30), "2026-11-24T14:30:00Z"),
                Arguments.of("code table", STATUS, "SH", "SHIPPED"),
                Arguments.of("padded code", STATUS, "NW ", "NEW"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void converts(String description, Conversion conversion, Object legacy, Object expected) {
        assertThat(conversion.convert(legacy)).isEqualTo(expected);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("month 13", Conversions.date("yyyyMMdd"), "20261341", "is not a valid yyyyMMdd date"),
                Arguments.of("February 30", Conversions.date("yyyyMMdd"), "20260230", "is not a valid yyyyMMdd date"),
                Arguments.of("not a leap year", Conversions.date("yyyyMMdd"), "20250229", "is not a valid yyyyMMdd date"),
                Arguments.of("hour 25", BERLIN, "20261124250000", "is not a valid yyyyMMddHHmmss timestamp"),
                Arguments.of("unknown code", STATUS, "XX", "no value in the code table"),
                Arguments.of("unknown flag", FLAG, "X", "is not a flag"),
                Arguments.of("letters as cents", Conversions.cents(2), "12,50", "is not an amount in cents"),
                Arguments.of("letters as integer", Conversions.integer(), "4a", "is not an integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejects(String description, Conversion conversion, Object legacy, String problem) {
        assertThatThrownBy(() -> conversion.convert(legacy)).isInstanceOf(ConversionException.class).hasMessageContaining(problem);
    }
}
