package io.sluice.relay.console;

import static io.sluice.relay.console.ConsoleFormat.bytes;
import static io.sluice.relay.console.ConsoleFormat.number;
import static io.sluice.relay.console.ConsoleFormat.time;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sluice.relay.capture.RelayReadiness;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.capture.SlotMonitor;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.console.Pages.Outcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The operator console: server-side pages (Qute) over what the admin API, the metrics and the status already hold.
 * This class serves the login, the overview with charts and the pause and resume actions, and declares every page's
 * template ({@code templates/ConsoleResource/}); the other pages are {@link DeadLetterPages}, {@link SnapshotPages},
 * {@link MappingPages} and {@link TailPage}. Actions go through the same checks as the admin API (a standby refuses
 * them, naming the leader) and redirect to their page, which shows the outcome once ({@link ConsoleFrames}). Login:
 * {@link ConsoleAuthentication}.
 */
@Path(ConsoleSession.PATH)
@Singleton
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);

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
    ThroughputHistory history;
    @Inject
    MeterRegistry registry;
    @Inject
    ConsoleFrames frames;

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
        return Templates.overview(frames.frame("overview", outcome), new Pages.Overview(role, lastProblem(), number(status.changesRead()),
                status.changesRead(), number(status.recordsPublished()), status.recordsPublished(), number(status.deadLettered()),
                status.deadLettered(), lastBatch == null ? "never" : time(lastBatch),
                retainedBytes == null ? "unknown" : bytes(retainedBytes),
                retainedBytes, bytes(budget), walPercent, retainedBytes != null && retainedBytes > budget, charts, eventsPerTopic(),
                instances(now)));
    }

    @POST
    @Path("/pause")
    public Response pause() {
        return frames.act("/", () -> {
            status.requireLeader("pause publishing");
            status.pause();
            LOG.warn("Publishing paused by an operator in the console (resume there, or POST /sluice/admin/resume)");
            return new Outcome(true, "Publishing is paused: no event is published and no position moves until you resume.", List.of());
        });
    }

    @POST
    @Path("/resume")
    public Response resume() {
        return frames.act("/", () -> {
            status.requireLeader("resume publishing");
            status.resume();
            LOG.info("Publishing resumed by an operator in the console");
            return new Outcome(true, "Publishing resumed, from where it paused.", List.of());
        });
    }

    // ---- helpers

    /** The last problem, in one sentence: readiness's problems while it is red, else the last problem the capture had. */
    private String lastProblem() {
        HealthCheckResponse health = readiness.call();
        Object problems = health.getData().map(d -> d.get("problems")).orElse(null);
        if (problems != null) {
            return problems.toString();
        }
        return status.lastProblem();
    }

    /** The slot's instances, leader first, as this instance last saw them. */
    private List<Pages.InstanceRow> instances(Instant now) {
        return status.instances().stream().map(i -> {
            Duration silent = Duration.between(i.lastSeen(), now);
            return new Pages.InstanceRow(i.name(), i.role(), i.state() == null ? "" : i.state() + (i.paused() ? " (paused)" : ""),
                    i.since() == null ? "" : time(i.since()), ConsoleFormat.duration(silent.isNegative() ? Duration.ZERO : silent) + " ago",
                    i.self());
        }).toList();
    }

    private List<Pages.TopicEvents> eventsPerTopic() {
        String pattern = config.publish().topicPattern();
        return registry.find("sluice.events.published").counters().stream()
                .map(c -> new Pages.TopicEvents(pattern.replace("{aggregate}", String.valueOf(c.getId().getTag("aggregate_type"))),
                        c.getId().getTag("event_type"), (long) c.count()))
                .sorted(Comparator.comparing(Pages.TopicEvents::topic).thenComparing(Pages.TopicEvents::type))
                .toList();
    }
}
