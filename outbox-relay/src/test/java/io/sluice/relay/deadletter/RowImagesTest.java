package io.sluice.relay.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.sluice.adapter.change.RowChange;
import io.sluice.relay.publish.EventPublisher;

/** A dead-lettered row, read back for a replay, gives the mappings the values the stream gave them. */
class RowImagesTest {

    /** As the relay's ObjectMapper writes dead letters (Quarkus: java.time as ISO-8601 text). */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void valuesComeBackWithTheTypesTheCapturePipelineGave() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("D", LocalDate.of(2026, 11, 30));
        row.put("TS", LocalDateTime.of(2026, 11, 30, 8, 15, 1, 250_000_000));
        row.put("TSZ", OffsetDateTime.of(2026, 11, 30, 8, 15, 0, 0, ZoneOffset.UTC));
        row.put("T", LocalTime.of(23, 59, 58));
        row.put("B", new byte[]{1, 2, 3});
        row.put("N", new BigDecimal("12.340"));
        row.put("I", 42);
        row.put("L", 9_000_000_000L);
        row.put("F", true);
        row.put("C", "20261341");
        row.put("TOAST", EventPublisher.UNAVAILABLE_TEXT);
        row.put("MAIL", "****");
        Map<String, String> types = Map.ofEntries(Map.entry("D", "date"), Map.entry("TS", "timestamp without time zone"),
                Map.entry("TSZ", "timestamp with time zone"), Map.entry("T", "time without time zone"), Map.entry("B", "bytea"),
                Map.entry("N", "numeric"), Map.entry("I", "integer"), Map.entry("L", "bigint"), Map.entry("F", "boolean"),
                Map.entry("C", "character"), Map.entry("MAIL", "character varying"));

        Map<String, Object> decoded = RowImages.decode(readBack(row), types);

        assertThat(decoded.get("D")).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(decoded.get("TS")).isEqualTo(LocalDateTime.of(2026, 11, 30, 8, 15, 1, 250_000_000));
        assertThat(((OffsetDateTime) decoded.get("TSZ")).toInstant())
                .isEqualTo(OffsetDateTime.of(2026, 11, 30, 8, 15, 0, 0, ZoneOffset.UTC).toInstant());
        assertThat(decoded.get("T")).isEqualTo(LocalTime.of(23, 59, 58));
        assertThat((byte[]) decoded.get("B")).containsExactly(1, 2, 3);
        assertThat(decoded.get("N")).isEqualTo(new BigDecimal("12.340"));
        assertThat(decoded.get("I")).isEqualTo(42);
        assertThat(decoded.get("L")).isEqualTo(9_000_000_000L);
        assertThat(decoded.get("F")).isEqualTo(true);
        assertThat(decoded.get("C")).isEqualTo("20261341");
        assertThat(decoded.get("TOAST")).isSameAs(RowChange.UNAVAILABLE);
        assertThat(decoded.get("MAIL")).isEqualTo("****");
    }

    @Test
    void aWholeNumberInANumericColumnStaysADecimal() throws Exception {
        assertThat(RowImages.decode(readBack(Map.of("AMT", new BigDecimal("12550"))), Map.of("AMT", "numeric")).get("AMT"))
                .isEqualTo(new BigDecimal("12550"));
    }

    @Test
    void withoutTheColumnTypesTextStaysText() throws Exception {
        assertThat(RowImages.decode(readBack(Map.of("D", LocalDate.of(2026, 1, 2))), Map.of()).get("D")).isEqualTo("2026-01-02");
    }

    @Test
    void aRedactedDateCannotBeRestoredAndStaysRedacted() throws Exception {
        assertThat(RowImages.decode(readBack(Map.of("BIRTH", "****")), Map.of("BIRTH", "date")).get("BIRTH")).isEqualTo("****");
    }

    @Test
    void noImageIsNull() {
        assertThat(RowImages.decode(null, Map.of())).isNull();
    }

    private static JsonNode readBack(Map<String, Object> row) throws Exception {
        return DeadLetter.reader(JSON).readTree(JSON.writeValueAsBytes(row));
    }
}
