package io.sluice.relay.console;

import static io.sluice.relay.console.ConsoleFormat.time;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.TemplateInstance;
import io.sluice.relay.console.ConsoleResource.Templates;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The console's live tail: the last events Kafka acknowledged, with their data cut to a readable length. */
@Path(ConsoleSession.PATH + "/tail")
@Singleton
@Produces(MediaType.TEXT_HTML)
public class TailPage {

    private static final int MAX_TAIL = LiveTail.CAPACITY;
    private static final int MAX_DATA_CHARS = 2000;

    @Inject
    LiveTail tail;
    @Inject
    ObjectMapper json;
    @Inject
    ConsoleFrames frames;

    @GET
    public TemplateInstance tail(@QueryParam("limit") @DefaultValue("50") int limit) {
        int shown = Math.max(1, Math.min(MAX_TAIL, limit));
        List<Pages.TailEvent> events = tail.last(shown).stream().map(e -> new Pages.TailEvent(time(e.acknowledgedAt()), e.event().type(),
                e.event().aggregateId(), e.event().id(), e.topic(), data(e))).toList();
        return Templates.tail(frames.frame("tail", null), new Pages.Tail(shown, tail.count(), events));
    }

    private String data(LiveTail.Entry entry) {
        try {
            String text = json.writeValueAsString(entry.event().data());
            return text.length() > MAX_DATA_CHARS ? text.substring(0, MAX_DATA_CHARS) + " … (" + text.length() + " characters)" : text;
        } catch (JsonProcessingException e) {
            return "(cannot be shown: " + e.getOriginalMessage() + ")";
        }
    }
}
