package io.sluice.relay.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import io.sluice.relay.publish.DeadLetterHeaders;

/**
 * A record of the dead-letter topic as {@link io.sluice.relay.publish.EventPublisher#deadLetter} wrote it: the
 * reason, table, operation and position as headers, the raw change as the JSON value (masked and excluded columns
 * shown as {@code ****}).
 *
 * @param change the record value: {@code source}, {@code table}, {@code operation}, {@code before}, {@code after},
 *               {@code commitTime}; null when the value is not such a JSON object (then it cannot be replayed)
 */
record DeadLetter(int partition, long offset, Instant timestamp, String key, String table, String operation, String position,
        String transactionId, String reason, JsonNode change) {

    String id() {
        return partition + ":" + offset;
    }

    /** Reads JSON numbers with fractions as BigDecimal, trailing zeros kept: the row's decimals keep their digits and scale. */
    static ObjectReader reader(ObjectMapper json) {
        return json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    static DeadLetter of(ConsumerRecord<String, byte[]> record, ObjectReader reader) {
        JsonNode change = null;
        if (record.value() != null) {
            try {
                JsonNode value = reader.readTree(record.value());
                change = value != null && value.isObject() && value.has("table") && value.has("operation") ? value : null;
            } catch (IOException e) {
                change = null;
            }
        }
        Headers headers = record.headers();
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), record.key(),
                header(headers, DeadLetterHeaders.TABLE, change, "table"),
                header(headers, DeadLetterHeaders.OPERATION, change, "operation"),
                header(headers, DeadLetterHeaders.POSITION, null, null), header(headers, DeadLetterHeaders.TRANSACTION_ID, null, null),
                header(headers, DeadLetterHeaders.REASON, null, null), change);
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private static String header(Headers headers, String name, JsonNode change, String field) {
        String value = header(headers, name);
        if (value == null && change != null && change.hasNonNull(field)) {
            return change.get(field).asText();
        }
        return value;
    }
}
