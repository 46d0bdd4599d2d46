package io.sluice.relay.console;

import static io.sluice.relay.console.ConsoleFormat.duration;
import static io.sluice.relay.console.ConsoleFormat.number;
import static io.sluice.relay.console.ConsoleFormat.time;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.quarkus.qute.TemplateInstance;
import io.sluice.adapter.change.TableId;
import io.sluice.relay.capture.ChangeRouting;
import io.sluice.relay.capture.MappingsInForce;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.console.ConsoleResource.Templates;
import io.sluice.relay.console.Pages.Outcome;
import io.sluice.relay.snapshot.IncrementalSnapshots;
import io.sluice.relay.snapshot.SnapshotProgress;
import io.sluice.relay.snapshot.SnapshotView;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The console's snapshots page (each snapshot's per-table progress) and its action that requests a snapshot. */
@Path(ConsoleSession.PATH + "/snapshots")
@Singleton
@Produces(MediaType.TEXT_HTML)
public class SnapshotPages {

    @Inject
    RelayStatus status;
    @Inject
    MappingsInForce mappingsInForce;
    @Inject
    IncrementalSnapshots snapshots;
    @Inject
    SnapshotProgress snapshotProgress;
    @Inject
    ConsoleFrames frames;

    @GET
    public TemplateInstance snapshots(@QueryParam("outcome") String outcome) {
        List<String> tables = mappingsInForce.routing().map(ChangeRouting::capturedTables)
                .map(captured -> captured.stream().map(TableId::toString).sorted().toList()).orElse(List.of());
        List<SnapshotView> all = snapshotProgress.all();
        List<Pages.Snapshot> shown = all.stream().map(SnapshotPages::snapshot).toList();
        boolean running = all.stream()
                .anyMatch(s -> s.finishedAt() == null && !"failed".equals(s.state()) && !"completed".equals(s.state()));
        return Templates.snapshots(frames.frame("snapshots", outcome), new Pages.Snapshots(tables, shown, running));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response snapshot(@FormParam("table") List<String> tables) {
        return frames.act("/snapshots", () -> {
            status.requireLeader("take snapshots");
            SnapshotView view = snapshots.request(tables);
            return new Outcome(true, "Snapshot " + view.id() + " requested: " + String.join(", ", view.tables().stream()
                    .map(SnapshotView.TableView::table).toList()) + ".", List.of());
        });
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
}
