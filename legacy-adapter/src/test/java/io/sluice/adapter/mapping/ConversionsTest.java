package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.adapter.mapping.Conversion.ConversionException;

class ConversionsTest {

    private static final Conversion FLAG = new Conversions.Flag(Set.of("Y", "1"), Set.of("N", "0"));
    private static final Conversion STATUS = new Conversions.Code(Map.of("NW", "NEW", "SH", "SHIPPED"));
    private static final Conversion BERLIN = new Conversions.Timestamp("yyyyMMddHHmmss", ZoneId.of("Europe/Berlin"));

    static Stream<Arguments> conversions() {
        return Stream.of(
                Arguments.of("trim removes CHAR padding", new Conversions.Trim(), "C000000042  ", "C000000042"),
                Arguments.of("trim keeps inner blanks", new Conversions.Trim(), " ACME  GMBH   ", "ACME  GMBH"),
                Arguments.of("string writes numbers as text", new Conversions.Text(), 100001, "100001"),
                Arguments.of("null-if-blank turns padding into null", new Conversions.NullIfBlank(), "        ", null),
                Arguments.of("null-if-blank trims text", new Conversions.NullIfBlank(), " note ", "note"),
                Arguments.of("integer reads padded text", new Conversions.WholeNumber(), " 0042 ", 42L),
                Arguments.of("integer keeps numbers", new Conversions.WholeNumber(), (short) 7, 7L),
                Arguments.of("cents to decimal", new Conversions.Cents(2), 12550L, new BigDecimal("125.50")),
                Arguments.of("cents keeps negative amounts", new Conversions.Cents(2), -5L, new BigDecimal("-0.05")),
                Arguments.of("cents with scale 3", new Conversions.Cents(3), 1234, new BigDecimal("1.234")),
                Arguments.of("cents from text", new Conversions.Cents(2), "00999", new BigDecimal("9.99")),
                Arguments.of("flag Y is true", FLAG, "Y", true),
                Arguments.of("flag 0 is false", FLAG, "0", false),
                Arguments.of("blank flag is null", FLAG, " ", null),
                Arguments.of("yyyyMMdd date to ISO", new Conversions.Date("yyyyMMdd"), "20261124", "2026-11-24"),
                Arguments.of("leap day", new Conversions.Date("yyyyMMdd"), "20240229", "2024-02-29"),
                Arguments.of("blank date is null", new Conversions.Date("yyyyMMdd"), "        ", null),
                Arguments.of("zero date is null", new Conversions.Date("yyyyMMdd"), "00000000", null),
                Arguments.of("dd.MM.yyyy date", new Conversions.Date("dd.MM.yyyy"), "24.11.2026", "2026-11-24"),
                Arguments.of("native DATE column", new Conversions.Date("yyyyMMdd"), LocalDate.of(2026, 11, 24), "2026-11-24"),
                Arguments.of("winter timestamp in Berlin", BERLIN, "20261124153000", "2026-11-24T14:30:00Z"),
                Arguments.of("summer timestamp in Berlin", BERLIN, "20260701120000", "2026-07-01T10:00:00Z"),
                Arguments.of("native TIMESTAMP column", BERLIN, LocalDateTime.of(2026, 11, 24, 15, 30), "2026-11-24T14:30:00Z"),
                Arguments.of("code table", STATUS, "SH", "SHIPPED"),
                Arguments.of("padded code", STATUS, "NW ", "NEW"),
                Arguments.of("integer from an exact decimal", new Conversions.WholeNumber(), new BigDecimal("12.000"), 12L),
                Arguments.of("blank integer is null", new Conversions.WholeNumber(), "   ", null),
                Arguments.of("cents from a NUMERIC column", new Conversions.Cents(2), new BigDecimal("12550"), new BigDecimal("125.50")),
                Arguments.of("blank cents is null", new Conversions.Cents(2), "  ", null),
                Arguments.of("string writes bytes as Base64", new Conversions.Text(), new byte[]{1, 2, 3}, "AQID"),
                Arguments.of("string writes a NUMERIC plainly", new Conversions.Text(), new BigDecimal("1E+3"), "1000"),
                Arguments.of("native boolean flag", FLAG, Boolean.TRUE, true),
                Arguments.of("padded flag", FLAG, "Y ", true),
                Arguments.of("zero timestamp is null", BERLIN, "00000000000000", null),
                Arguments.of("timestamptz column stays the instant", BERLIN, Instant.parse("2026-11-24T14:30:00Z"), "2026-11-24T14:30:00Z"),
                Arguments.of("offset timestamp to instant", BERLIN, OffsetDateTime.parse("2026-11-24T15:30:00+01:00"),
                        "2026-11-24T14:30:00Z"),
                Arguments.of("timestamp in UTC", new Conversions.Timestamp("yyyyMMddHHmmss", ZoneOffset.UTC), "20261124153000",
                        "2026-11-24T15:30:00Z"),
                Arguments.of("auto trims text", new Conversions.Auto(), " C1  ", "C1"),
                Arguments.of("auto keeps numbers", new Conversions.Auto(), 42, 42),
                Arguments.of("auto keeps booleans", new Conversions.Auto(), false, false),
                Arguments.of("auto writes dates as ISO", new Conversions.Auto(), LocalDate.of(2026, 1, 2), "2026-01-02"),
                Arguments.of("auto writes bytes as Base64", new Conversions.Auto(), new byte[]{(byte) 0xff}, "/w=="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void converts(String description, Conversion conversion, Object legacy, Object expected) {
        assertThat(conversion.convert(legacy)).isEqualTo(expected);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("month 13", new Conversions.Date("yyyyMMdd"), "20261341", "is not a valid yyyyMMdd date"),
                Arguments.of("February 30", new Conversions.Date("yyyyMMdd"), "20260230", "is not a valid yyyyMMdd date"),
                Arguments.of("not a leap year", new Conversions.Date("yyyyMMdd"), "20250229", "is not a valid yyyyMMdd date"),
                Arguments.of("hour 25", BERLIN, "20261124250000", "is not a valid yyyyMMddHHmmss timestamp"),
                Arguments.of("unknown code", STATUS, "XX", "no value in the code table"),
                Arguments.of("unknown flag", FLAG, "X", "is not a flag"),
                Arguments.of("letters as cents", new Conversions.Cents(2), "12,50", "is not an amount in cents"),
                Arguments.of("letters as integer", new Conversions.WholeNumber(), "4a", "is not an integer"),
                Arguments.of("fraction as integer", new Conversions.WholeNumber(), new BigDecimal("1.5"), "is not an integer"),
                Arguments.of("blank code", STATUS, "  ", "no value in the code table"),
                Arguments.of("date in another pattern", new Conversions.Date("yyyyMMdd"), "24.11.2026", "is not a valid yyyyMMdd date"));
    }

    static Stream<Arguments> invalidDeclarations() {
        return Stream.of(
                Arguments.of("negative scale", (Runnable) () -> new Conversions.Cents(-1), "scale -1 is out of range"),
                Arguments.of("flag meaning both", (Runnable) () -> new Conversions.Flag(Set.of("Y", "X"), Set.of("N", "X")),
                        "[X] cannot mean both"),
                Arguments.of("flag without false values", (Runnable) () -> new Conversions.Flag(Set.of("Y"), Set.of()),
                        "at least one true and one false"),
                Arguments.of("empty code table", (Runnable) () -> new Conversions.Code(Map.of()), "code table is empty"),
                Arguments.of("not a date pattern", (Runnable) () -> new Conversions.Date("yyyyMMddQQQQQQ"), "pattern letters"),
                Arguments.of("timestamp without zone", (Runnable) () -> new Conversions.Timestamp("yyyyMMddHHmmss", null), "zone"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDeclarations")
    void rejectsInvalidDeclarations(String description, Runnable declaration, String problem) {
        assertThatThrownBy(declaration::run).isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejects(String description, Conversion conversion, Object legacy, String problem) {
        assertThatThrownBy(() -> conversion.convert(legacy)).isInstanceOf(ConversionException.class).hasMessageContaining(problem);
    }
}
