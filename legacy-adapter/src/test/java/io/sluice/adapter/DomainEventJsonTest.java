package io.sluice.adapter;

import static io.sluice.adapter.Rows.adapter;
import static io.sluice.adapter.Rows.insert;
import static io.sluice.adapter.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.sluice.adapter.event.DomainEvent;

/** A DomainEvent serialises with plain Jackson (plus the java.time module) into the envelope a consumer sees. */
class DomainEventJsonTest {

    @Test
    void serialisesWithIsoTimeAndDecimalAmount() throws JsonProcessingException {
        DomainEvent event = adapter("""
                table: OMS.ORDHDR
                aggregate: orders
                key: [ORD_NO]
                fields:
                  total.amount: { column: TOT_AMT, convert: cents }
                events: [ { type: OrderPlaced, on: insert } ]
                """).apply(insert("OMS.ORDHDR", row("ORD_NO", 100001, "TOT_AMT", 12550L))).get(0);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        String text = json.writeValueAsString(event);

        assertThat(text).contains("\"type\":\"OrderPlaced\"", "\"aggregateId\":\"100001\"", "\"time\":\"2026-11-24T10:15:30Z\"",
                "\"data\":{\"total\":{\"amount\":125.50}}", "\"position\":{\"lsn\":\"1000\",\"transactionId\":\"777\"}");
    }
}
