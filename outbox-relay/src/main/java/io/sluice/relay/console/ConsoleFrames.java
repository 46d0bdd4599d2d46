package io.sluice.relay.console;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sluice.relay.OperationRefusedException;
import io.sluice.relay.capture.RelayStatus;
import io.sluice.relay.console.Pages.Outcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/**
 * What every console page shares: the frame (instance, state, leader, pause) and the outcomes of actions, each kept
 * until the page the action redirects to shows it once (post/redirect/get).
 */
@Singleton
class ConsoleFrames {

    @Inject
    RelayStatus status;

    /** Outcomes of actions, shown once on the page the action redirects to (post/redirect/get). */
    private final Map<String, Outcome> outcomes = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > 100;
        }
    });

    interface Action {
        Outcome run();
    }

    /** Runs a stream action and redirects to {@code page} (post/redirect/get), which shows the outcome once. */
    Response act(String page, Action action) {
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

    Pages.Frame frame(String page, String outcomeId) {
        Outcome outcome = outcomeId == null ? null : outcomes.remove(outcomeId);
        return new Pages.Frame(page, status.instance(), status.state().name(), status.leader(), status.state() == RelayStatus.State.STANDBY,
                status.paused(), outcome);
    }
}
