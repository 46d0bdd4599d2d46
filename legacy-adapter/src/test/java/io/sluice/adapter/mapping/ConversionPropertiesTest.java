package io.sluice.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.sluice.adapter.mapping.Conversion.ConversionException;

/**
 * Properties of the conversions over many generated legacy values (seeded, so a failure names a value
 * that reproduces it). Plain JUnit: property libraries' engines do not run on the JUnit 6 platform here.
 */
class ConversionPropertiesTest {

    private static final int SAMPLES = 2000;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void everyValidLegacyDateBecomesTheSameIsoDate() {
        Conversion date = new Conversions.Date("yyyyMMdd");
        forAll(r -> LocalDate.ofEpochDay(r.nextInt(-25_000, 50_000)),
                d -> assertThat(date.convert(d.format(DateTimeFormatter.BASIC_ISO_DATE))).as("date %s", d).isEqualTo(d.toString()));
    }

    @Test
    void paddingAroundALegacyDateChangesNothing() {
        Conversion date = new Conversions.Date("yyyyMMdd");
        forAll(r -> LocalDate.ofEpochDay(r.nextInt(0, 40_000)),
                d -> assertThat(date.convert(" " + d.format(DateTimeFormatter.BASIC_ISO_DATE) + "  ")).isEqualTo(d.toString()));
    }

    @Test
    void aDayBeyondTheEndOfItsMonthIsAlwaysRejected() {
        Conversion date = new Conversions.Date("yyyyMMdd");
        forAll(r -> LocalDate.of(r.nextInt(1900, 2100), r.nextInt(1, 13), 1), first -> {
            String invalid = String.format("%04d%02d%02d", first.getYear(), first.getMonthValue(), first.lengthOfMonth() + 1);
            assertThatThrownBy(() -> date.convert(invalid)).as("date %s", invalid).isInstanceOf(ConversionException.class);
        });
    }

    @Test
    void centsAndTheDecimalAmountAreTheSameMoney() {
        Conversion cents = new Conversions.Cents(2);
        forAll(r -> r.nextLong(-10_000_000_000L, 10_000_000_000L), amount -> {
            BigDecimal decimal = (BigDecimal) cents.convert(amount);
            assertThat(decimal.scale()).isEqualTo(2);
            assertThat(decimal.movePointRight(2).longValueExact()).as("cents %d", amount).isEqualTo(amount);
        });
    }

    @Test
    void aLocalTimestampIsReadInItsDeclaredZone() {
        Conversion timestamp = new Conversions.Timestamp("yyyyMMddHHmmss", BERLIN);
        DateTimeFormatter legacy = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
        forAll(r -> LocalDateTime.of(r.nextInt(1990, 2040), r.nextInt(1, 13), r.nextInt(1, 29), r.nextInt(24), r.nextInt(60),
                r.nextInt(60)),
                local -> assertThat(timestamp.convert(local.format(legacy))).as("timestamp %s", local)
                        .isEqualTo(local.atZone(BERLIN).toInstant().toString()));
    }

    @Test
    void trimmingRemovesOnlyTheCharPadding() {
        Conversion trim = new Conversions.Trim();
        forAll(r -> word(r) + " ".repeat(r.nextInt(3)) + word(r),
                text -> assertThat(trim.convert(" ".repeat(text.length() % 4) + text + " ".repeat(40 - text.length() % 40)))
                        .isEqualTo(text.strip()));
    }

    @Test
    void aCodeTableMapsEveryKnownCodeAndRejectsEveryOther() {
        Map<String, String> codes = Map.of("NW", "NEW", "PK", "PICKED", "SH", "SHIPPED", "DL", "DELIVERED", "CX", "CANCELLED");
        Conversion code = new Conversions.Code(codes);
        forAll(r -> "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)), candidate -> {
            if (codes.containsKey(candidate)) {
                assertThat(code.convert(candidate + " ")).isEqualTo(codes.get(candidate));
            } else {
                assertThatThrownBy(() -> code.convert(candidate)).as("code %s", candidate).isInstanceOf(ConversionException.class);
            }
        });
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
            word.append((char) ('A' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static <T> void forAll(Function<Random, T> generator, Consumer<T> property) {
        Random random = new Random(20261124L);
        for (int i = 0; i < SAMPLES; i++) {
            property.accept(generator.apply(random));
        }
    }
}
