package io.sluice.consumer;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads an event's JSON data into the consumer's own record type, as a tolerant reader: fields the
 * record does not name are ignored, fields marked {@code @JsonProperty(required = true)} must be there.
 * Data that does not fit, or a schema version the consumer does not read, is a {@link PoisonEventException}
 * that names the event, the type and the problem. Pure code: contract tests run it without servers.
 */
public final class EventData {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventData() {
    }

    /** Reads the data of {@code event}, which must be of schema version {@code supportedVersion}. */
    public static <T> T read(IncomingEvent event, Class<T> type, int supportedVersion) {
        if (event.version() != supportedVersion) {
            throw new PoisonEventException("Event " + event + " has version " + event.version() + " of " + event.type()
                    + "; this service reads version " + supportedVersion);
        }
        try {
            return read(event.data(), type);
        } catch (IOException e) {
            throw new PoisonEventException("Event " + event + " does not fit " + event.type() + " v" + event.version() + ": "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** Reads bare data (no envelope), e.g. a contract test's message body. */
    public static <T> T read(byte[] data, Class<T> type) throws IOException {
        return JSON.readValue(data, type);
    }
}
