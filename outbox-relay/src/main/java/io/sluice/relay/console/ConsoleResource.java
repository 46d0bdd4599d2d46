package io.sluice.relay.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sluice.adapter.change.TableId;
import io.sluice.adapter.mapping.EventSchemas;
import io.sluice.adapter.mapping.MappingCatalog;
import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.api.AdminProblem;
import io.sluice.relay.api.MappingPreviewResource;
import io.sluice.relay.capture.ChangeRouting;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.capture.RelayReadiness;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.capture.SlotMonitor;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.console.Pages.Outcome;
import io.sluice.relay.deadletter.DeadLetterReplayer;
import io.sluice.relay.deadletter.DeadLetterView;
import io.sluice.relay.deadletter.ReplayReport;
import io.sluice.relay.snapshot.IncrementalSnapshots;
import io.sluice.relay.snapshot.SnapshotProgress;
import io.sluice.relay.snapshot.SnapshotView;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The operator console: server-side pages (Qute) over what the admin API, the metrics and the status already hold —
 * overview with charts, dead letters with replay, snapshots with progress, mappings and their schemas, a live tail —
 * and the stream actions (pause, resume, replay, snapshot), which go through the same checks as the admin API (a
 * standby refuses them, naming the leader). Login: {@link ConsoleAuthentication}.
 */
@Path(ConsoleSession.PATH)
@Singleton
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);
    private static final int DEAD_LETTER_LIMIT = 1000;
    private static final int MAX_TAIL = LiveTail.CAPACITY;
    private static final int MAX_DATA_CHARS = 2000;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String problem, boolean closed);

        static native TemplateInstance overview(Pages.Frame frame, Pages.Overview overview);

        static native TemplateInstance deadLetters(Pages.Frame frame, Pages.DeadLetters deadLetters);

        static native TemplateInstance snapshots(Pages.Frame frame, Pages.Snapshots snapshots);

        static native TemplateInstance mappings(Pages.Frame frame, Pages.Mappings mappings);

        static native TemplateInstance document(Pages.Frame frame, Pages.Document document);

        static native TemplateInstance tail(Pages.Frame frame, Pages.Tail tail);
    }

    @Inject
    RelayConfig config;
    @Inject
    RelayStatus status;
    @Inject
    SlotMonitor slot;
    @Inject
    @org.eclipse.microprofile.health.Readiness
    RelayReadiness readiness;
    @Inject
    MappingsInForce mappingsInForce;
    @Inject
    MappingPreviewResource preview;
    @Inject
    DeadLetterReplayer deadLetters;
    @Inject
    IncrementalSnapshots snapshots;
    @Inject
    SnapshotProgress snapshotProgress;
    @Inject
    LiveTail tail;
    @Inject
    ThroughputHistory history;
    @Inject
    MeterRegistry registry;
    @Inject
    ObjectMapper json;

    /** Outcomes of actions, shown once on the page the action redirects to (post/redirect/get). */
    private final Map<String, Outcome> outcomes = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > 100;
        }
    });

    // ---- login

    @GET
    @Path("/login")
    public TemplateInstance loginPage() {
        return Templates.login(null, config.admin().token().isEmpty());
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("token") String token, @Context UriInfo uri) {
        var configured = config.admin().token();
        if (configured.isEmpty()) {
            return Response.status(Response.Status.FORBIDDEN).entity(Templates.login(null, true)).build();
        }
        if (!ConsoleSession.isToken(token, configured.get())) {
            LOG.warn("Console login refused: wrong admin token");
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Templates.login("That is not the admin token (sluice.admin.token).", false)).build();
        }
        return Response.seeOther(URI.create(ConsoleSession.PATH)).cookie(session(ConsoleSession.cookieValue(configured.get()),
                uri, NewCookie.DEFAULT_MAX_AGE)).build();
    }

    @POST
    @Path("/logout")
    public Response logout(@Context UriInfo uri) {
        return Response.seeOther(URI.create(ConsoleAuthentication.LOGIN)).cookie(session("", uri, 0)).build();
    }

    private static NewCookie session(String value, UriInfo uri, int maxAge) {
        return new NewCookie.Builder(ConsoleSession.COOKIE).value(value).path(ConsoleSession.PATH).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme())).maxAge(maxAge)
                .build();
    }

    // ---- overview, pause, resume

    @GET
    public TemplateInstance overview(@QueryParam("outcome") String outcome) {
        var retained = slot.retainedWalBytes();
        long budget = config.health().maxRetainedWalBytes();
        Long retainedBytes = retained.isPresent() ? retained.getAsLong() : null;
        int walPercent = retainedBytes == null ? 0 : (int) Math.min(100, Math.round(100.0 * retainedBytes / budget));
        String role = switch (status.state()) {
            case STREAMING -> "leader";
            case STANDBY -> "standby";
            default -> "not streaming";
        };
        Instant now = Instant.now();
        List<ThroughputHistory.Sample> samples = history.samples();
        List<Chart> charts = List.of(
                Chart.of("changes", "Changes read", "per second", samples, ThroughputHistory.Sample::at,
                        ThroughputHistory.Sample::changesPerSecond, now, ThroughputHistory.WINDOW),
                Chart.of("events", "Events published", "per second", samples, ThroughputHistory.Sample::at,
                        ThroughputHistory.Sample::eventsPerSecond, now, ThroughputHistory.WINDOW),
                Chart.of("lag", "End-to-end lag", "ms, source commit to Kafka acknowledgement", samples, ThroughputHistory.Sample::at,
                        ThroughputHistory.Sample::lagMillis, now, ThroughputHistory.WINDOW));
        Instant lastBatch = status.lastBatchAt();
        return Templates.overview(frame("overview", outcome), new Pages.Overview(role, lastProblem(), number(status.changesRead()),
                status.changesRead(), number(status.recordsPublished()), status.recordsPublished(), number(status.deadLettered()),
                status.deadLettered(), lastBatch == null ? "never" : time(lastBatch),
                retainedBytes == null ? "unknown" : bytes(retainedBytes),
                retainedBytes, bytes(budget), walPercent, retainedBytes != null && retainedBytes > budget, charts, eventsPerTopic()));
    }

    @POST
    @Path("/pause")
    public Response pause() {
        return act("/", () -> {
            status.requireLeader("pause publishing");
            status.pause();
            LOG.warn("Publishing paused by an operator in the console (resume there, or POST /sluice/admin/resume)");
            return new Outcome(true, "Publishing is paused: no event is published and no position moves until you resume.", List.of());
        });
    }

    @POST
    @Path("/resume")
    public Response resume() {
        return act("/", () -> {
            status.requireLeader("resume publishing");
            status.resume();
            LOG.info("Publishing resumed by an operator in the console");
            return new Outcome(true, "Publishing resumed, from where it paused.", List.of());
        });
    }

    // ---- dead letters

    @GET
    @Path("/dead-letters")
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
            return Templates.deadLetters(frame("dead-letters", outcome), new Pages.DeadLetters(config.publish().deadLetterTopic(), 0, 0,
                    List.of(), chosenTable, replayed, List.of(), e.getMessage()));
        }
        List<String> tables = new ArrayList<>(new TreeSet<>(page.deadLetters().stream().map(DeadLetterView::table).filter(Objects::nonNull)
                .toList()));
        List<Pages.DeadLetterRow> rows = page.deadLetters().stream()
                .filter(d -> chosenTable == null || chosenTable.equals(d.table()))
                .filter(d -> replayedFilter == null || d.replayed() == replayedFilter)
                .sorted(Comparator.comparing(DeadLetterView::timestamp, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(ConsoleResource::deadLetterRow)
                .toList();
        return Templates.deadLetters(frame("dead-letters", outcome), new Pages.DeadLetters(page.topic(), page.total(), page.notReplayed(),
                tables, chosenTable, replayed, rows, null));
    }

    @POST
    @Path("/dead-letters/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(@FormParam("partition") Integer partition, @FormParam("offset") Long offset) {
        return act("/dead-letters", () -> {
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

    // ---- snapshots

    @GET
    @Path("/snapshots")
    public TemplateInstance snapshots(@QueryParam("outcome") String outcome) {
        List<String> tables = mappingsInForce.routing().map(ChangeRouting::capturedTables)
                .map(captured -> captured.stream().map(TableId::toString).sorted().toList()).orElse(List.of());
        List<SnapshotView> all = snapshotProgress.all();
        List<Pages.Snapshot> shown = all.stream().map(ConsoleResource::snapshot).toList();
        boolean running = all.stream()
                .anyMatch(s -> s.finishedAt() == null && !"failed".equals(s.state()) && !"completed".equals(s.state()));
        return Templates.snapshots(frame("snapshots", outcome), new Pages.Snapshots(tables, shown, running));
    }

    @POST
    @Path("/snapshots")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response snapshot(@FormParam("table") List<String> tables) {
        return act("/snapshots", () -> {
            status.requireLeader("take snapshots");
            SnapshotView view = snapshots.request(tables);
            return new Outcome(true, "Snapshot " + view.id() + " requested: " + String.join(", ", view.tables().stream()
                    .map(SnapshotView.TableView::table).toList()) + ".", List.of());
        });
    }

    // ---- mappings

    @GET
    @Path("/mappings")
    public TemplateInstance mappings() {
        String pattern = config.publish().topicPattern();
        var routing = mappingsInForce.routing();
        if (routing.isEmpty()) {
            return Templates.mappings(frame("mappings", null), new Pages.Mappings(List.of(), List.of(), List.of(), pattern,
                    "The relay has not loaded its mappings yet."));
        }
        MappingCatalog catalog = routing.get().catalog();
        List<Pages.MappedTable> tables = catalog.mappings().stream()
                .map(m -> new Pages.MappedTable(m.table().toString(), m.aggregate(), pattern.replace("{aggregate}", m.aggregate()),
                        m.file(),
                        String.join(", ", m.keyColumns()), m.events().stream().map(e -> new Pages.MappedEvent(e.type(), e.version(),
                                e.operations().stream().map(o -> o.name().toLowerCase(Locale.ROOT)).sorted().reduce((a, b) -> a + ", " + b)
                                        .orElse("")))
                                .toList()))
                .toList();
        List<String> outboxTables = routing.get().outbox().tables().stream().map(TableId::toString).sorted().toList();
        List<String> types = new ArrayList<>(new TreeSet<>(new EventSchemas(catalog).schemas().keySet()));
        return Templates.mappings(frame("mappings", null), new Pages.Mappings(tables, outboxTables, types, pattern, null));
    }

    @GET
    @Path("/mappings/schemas/{type}")
    public Response schema(@PathParam("type") String type) {
        var catalog = mappingsInForce.catalog();
        ObjectNode schema = catalog.map(c -> new EventSchemas(c).schemas().get(type)).orElse(null);
        if (schema == null) {
            return Response.status(Response.Status.NOT_FOUND).entity(Templates.document(frame("mappings", null), new Pages.Document(
                    "No event type " + type, "The mappings in force declare no such event type.", ""))).build();
        }
        return Response.ok(Templates.document(frame("mappings", null), new Pages.Document(type, "JSON Schema of the event's data "
                + "(also at /sluice/schemas/" + type + ")", pretty(schema)))).build();
    }

    @POST
    @Path("/mappings/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response previewMapping(@FormParam("mapping") String mapping, @FormParam("rows") @DefaultValue("20") int rows) {
        Response answer = preview.preview(rows, mapping); // read-only: a standby previews too
        Object entity = answer.getEntity();
        if (answer.getStatus() != 200) {
            String problem = entity instanceof AdminProblem p ? p.problem() : String.valueOf(entity);
            return Response.status(answer.getStatus()).entity(Templates.document(frame("mappings", null), new Pages.Document(
                    "Mapping preview failed", problem, ""))).build();
        }
        String report;
        try {
            report = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(String.valueOf(entity)));
        } catch (JsonProcessingException e) {
            report = String.valueOf(entity);
        }
        return Response.ok(Templates.document(frame("mappings", null), new Pages.Document("Mapping preview", "What "
                + (mapping == null || mapping.isBlank() ? "the relay's mapping files" : "this mapping file")
                + " would publish for the first "
                + rows + " rows of each mapped table; nothing was published. Masked and excluded columns show as ****.", report))).build();
    }

    @GET
    @Path("/mappings/asyncapi")
    public TemplateInstance asyncApi() {
        String document = mappingsInForce.catalog().map(c -> pretty(new EventSchemas(c).asyncApi(config.publish().topicPattern())))
                .orElse("The relay has not loaded its mappings yet.");
        return Templates.document(frame("mappings", null), new Pages.Document("AsyncAPI", "Every topic, its messages, key, CloudEvents "
                + "headers and payload schema (also at /sluice/asyncapi)", document));
    }

    // ---- live tail

    @GET
    @Path("/tail")
    public TemplateInstance tail(@QueryParam("limit") @DefaultValue("50") int limit) {
        int shown = Math.max(1, Math.min(MAX_TAIL, limit));
        List<Pages.TailEvent> events = tail.last(shown).stream().map(e -> new Pages.TailEvent(time(e.acknowledgedAt()), e.event().type(),
                e.event().aggregateId(), e.event().id(), e.topic(), data(e))).toList();
        return Templates.tail(frame("tail", null), new Pages.Tail(shown, tail.count(), events));
    }

    // ---- helpers

    private interface Action {
        Outcome run();
    }

    /** Runs a stream action and redirects to {@code page} (post/redirect/get), which shows the outcome once. */
    private Response act(String page, Action action) {
        Outcome outcome;
        try {
            outcome = action.run();
        } catch (OperationRefusedException e) {
            outcome = new Outcome(false, e.getMessage(), List.of());
        }
        String id = UUID.randomUUID().toString();
        outcomes.put(id, outcome);
        return Response.seeOther(URI.create(ConsoleSession.PATH + (page.equals("/") ? "" : page) + "?outcome=" + id)).build();
    }

    private Pages.Frame frame(String page, String outcomeId) {
        Outcome outcome = outcomeId == null ? null : outcomes.remove(outcomeId);
        return new Pages.Frame(page, status.instance(), status.state().name(), status.leader(), status.state() == RelayStatus.State.STANDBY,
                status.paused(), outcome);
    }

    /** The last problem, in one sentence: readiness's problems while it is red, else the last problem the capture had. */
    private String lastProblem() {
        HealthCheckResponse health = readiness.call();
        Object problems = health.getData().map(d -> d.get("problems")).orElse(null);
        if (problems != null) {
            return problems.toString();
        }
        return status.lastProblem();
    }

    private List<Pages.TopicEvents> eventsPerTopic() {
        String pattern = config.publish().topicPattern();
        return registry.find("sluice.events.published").counters().stream()
                .map(c -> new Pages.TopicEvents(pattern.replace("{aggregate}", String.valueOf(c.getId().getTag("aggregate_type"))),
                        c.getId().getTag("event_type"), (long) c.count()))
                .sorted(Comparator.comparing(Pages.TopicEvents::topic).thenComparing(Pages.TopicEvents::type))
                .toList();
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

    private static Pages.Snapshot snapshot(SnapshotView s) {
        return new Pages.Snapshot(s.id(), s.state(), time(s.requestedAt()), s.finishedAt() == null ? null : time(s.finishedAt()),
                s.tables().stream().map(t -> new Pages.SnapshotTable(t.table(), t.state(), t.rowsDone(),
                        t.rowsTotal() == null ? "?" : (t.totalEstimated() ? "~" : "") + number(t.rowsTotal()),
                        t.percent() == null ? 0 : (int) Math.floor(t.percent()),
                        t.percent() == null ? "?" : String.format(Locale.ROOT, "%.0f %%", Math.floor(t.percent())),
                        t.rowsPerSecond() == null ? "–" : Chart.format(t.rowsPerSecond()) + " rows/s",
                        t.etaSeconds() == null ? "–" : duration(Duration.ofSeconds(t.etaSeconds())), t.problem())).toList());
    }

    private String data(LiveTail.Entry entry) {
        try {
            String text = json.writeValueAsString(entry.event().data());
            return text.length() > MAX_DATA_CHARS ? text.substring(0, MAX_DATA_CHARS) + " … (" + text.length() + " characters)" : text;
        } catch (JsonProcessingException e) {
            return "(cannot be shown: " + e.getOriginalMessage() + ")";
        }
    }

    private String pretty(ObjectNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String time(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60
                ? seconds + " s"
                : seconds < 3600
                        ? seconds / 60 + " min " + seconds % 60 + " s"
                        : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
