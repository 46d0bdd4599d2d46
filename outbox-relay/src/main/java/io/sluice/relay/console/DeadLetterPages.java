package io.sluice.relay.console;

import static io.sluice.relay.console.ConsoleFormat.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.quarkus.qute.TemplateInstance;
import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.console.ConsoleResource.Templates;
import io.sluice.relay.console.Pages.Outcome;
import io.sluice.relay.deadletter.DeadLetterReplayer;
import io.sluice.relay.deadletter.DeadLetterView;
import io.sluice.relay.deadletter.ReplayReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The console's dead-letters page (filtered by table and replay state) and its replay action. */
@Path(ConsoleSession.PATH + "/dead-letters")
@Singleton
@Produces(MediaType.TEXT_HTML)
public class DeadLetterPages {

    private static final int DEAD_LETTER_LIMIT = 1000;

    @Inject
    RelayConfig config;
    @Inject
    RelayStatus status;
    @Inject
    DeadLetterReplayer deadLetters;
    @Inject
    ConsoleFrames frames;

    @GET
    public TemplateInstance deadLetters(@QueryParam("table") String table, @QueryParam("replayed") @DefaultValue("") String replayed,
            @QueryParam("outcome") String outcome) {
        String chosenTable = table == null || table.isBlank() ? null : table;
        Boolean replayedFilter = switch (replayed) {
            case "yes" -> true;
            case "no" -> false;
            default -> null;
        };
        DeadLetterView.Page page;
        try {
            page = deadLetters.list(DEAD_LETTER_LIMIT, null);
        } catch (OperationRefusedException | IllegalStateException e) {
            return Templates.deadLetters(frames.frame("dead-letters", outcome), new Pages.DeadLetters(config.publish().deadLetterTopic(), 0,
                    0, List.of(), chosenTable, replayed, List.of(), e.getMessage()));
        }
        List<String> tables = new ArrayList<>(new TreeSet<>(page.deadLetters().stream().map(DeadLetterView::table).filter(Objects::nonNull)
                .toList()));
        List<Pages.DeadLetterRow> rows = page.deadLetters().stream()
                .filter(d -> chosenTable == null || chosenTable.equals(d.table()))
                .filter(d -> replayedFilter == null || d.replayed() == replayedFilter)
                .sorted(Comparator.comparing(DeadLetterView::timestamp, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(DeadLetterPages::deadLetterRow)
                .toList();
        return Templates.deadLetters(frames.frame("dead-letters", outcome), new Pages.DeadLetters(page.topic(), page.total(),
                page.notReplayed(), tables, chosenTable, replayed, rows, null));
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(@FormParam("partition") Integer partition, @FormParam("offset") Long offset) {
        return frames.act("/dead-letters", () -> {
            status.requireLeader("replay dead letters");
            if ((partition == null) != (offset == null)) {
                throw new OperationRefusedException(400, "Give both partition and offset of one dead letter, or neither to replay all");
            }
            ReplayReport report = deadLetters.replay(partition, offset);
            List<String> details = report.results().stream().map(r -> r.table() + " key " + r.key() + " (partition " + r.partition()
                    + ", offset " + r.offset() + "): " + r.outcome() + (r.reason() == null ? "" : " — " + r.reason())
                    + (r.eventIds() == null || r.eventIds().isEmpty() ? "" : " — events " + String.join(", ", r.eventIds()))).toList();
            String summary = report.results().isEmpty()
                    ? "Nothing to replay: every dead letter is replayed already."
                    : "Replayed " + report.results().size() + ": " + report.published() + " published, " + report.stillFailing()
                            + " still failing, " + report.alreadyReplayed() + " already replayed.";
            return new Outcome(report.stillFailing() == 0, summary, details);
        });
    }

    private static Pages.DeadLetterRow deadLetterRow(DeadLetterView d) {
        Map<String, Object> image = d.after() != null ? d.after() : d.before();
        List<Pages.Cell> cells = image == null
                ? List.of()
                : image.entrySet().stream().map(e -> new Pages.Cell(e.getKey(), String.valueOf(e.getValue()))).toList();
        String lastReplay = d.lastReplay() == null
                ? null
                : d.lastReplay().outcome() + " at " + time(d.lastReplay().at())
                        + (d.lastReplay().eventIds() == null || d.lastReplay().eventIds().isEmpty()
                                ? ""
                                : " (" + String.join(", ",
                                        d.lastReplay().eventIds()) + ")");
        return new Pages.DeadLetterRow(d.partition(), d.offset(), d.timestamp() == null ? "" : time(d.timestamp()), d.table(),
                d.operation(),
                d.key(), d.reason(), cells, d.replayed(), lastReplay);
    }
}
