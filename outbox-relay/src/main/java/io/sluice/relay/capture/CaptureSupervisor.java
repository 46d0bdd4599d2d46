package io.sluice.relay.capture;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.adapter.mapping.MappingDefinitionException;
import io.sluice.relay.Causes;
import io.sluice.relay.capture.RelayStatus.State;
import io.sluice.relay.config.RelayConfig;
import io.sluice.relay.position.ExactlyOnceCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps the capture running. On start it loads the mappings ({@link MappingsInForce}) and checks the configuration
 * ({@link StartupChecks}): a broken mapping or setting stops the relay with one line naming the file and key. Then, for
 * each run: it readies the source, checks the mappings against the source's tables and waits for the broker
 * ({@link RunPreparation}), becomes the leader of its replication slot (or stands by while another instance leads,
 * see {@link Leadership}) and streams ({@link CaptureRun}). When a run fails (database or broker gone, slot busy) it steps
 * down and starts the next run after a growing backoff (Mutiny's); positions recorded so far are kept, so nothing
 * acknowledged is lost and nothing unacknowledged is skipped.
 */
@ApplicationScoped
public class CaptureSupervisor {

    private static final Logger LOG = Logger.getLogger(CaptureSupervisor.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    @Inject
    RelayConfig config;
    @Inject
    RelayStatus status;
    @Inject
    MappingsInForce mappings;
    @Inject
    StartupChecks checks;
    @Inject
    RunPreparation preparation;
    @Inject
    CaptureRun capture;
    @Inject
    SlotRecovery slotRecovery;
    /** Quarkus's managed executor: runs the supervision and times the backoff. */
    @Inject
    ScheduledExecutorService executor;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private Future<?> worker;
    private volatile CompletableFuture<Void> supervision;

    void onStart(@Observes StartupEvent event) {
        worker = executor.submit(this::supervise);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping.countDown();
        capture.stop();
        CompletableFuture<Void> running = supervision;
        if (running != null) {
            running.cancel(false); // ends a backoff wait
        }
        if (worker != null) {
            try {
                worker.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                LOG.warnf("The capture did not stop cleanly: %s", e.toString());
            }
        }
        status.enter(State.STOPPED, null);
    }

    private void supervise() {
        ChangeRouting routing;
        SourceDatabase database;
        try {
            routing = mappings.load();
            database = SourceDatabase.of(jdbcUrl, user, password.orElse(null));
            checks.checkConfiguration(routing);
        } catch (StartupException | MappingDefinitionException | IllegalArgumentException e) {
            fatal(e.getMessage());
            return;
        }
        AtomicInteger failures = new AtomicInteger();
        try (Leadership leadership = new Leadership(database, config.source().slotName(),
                Leadership.instanceName(config.ha().instanceName()), config.ha().leaseTimeout(), status)) {
            status.identify(leadership.instance());
            supervision = Uni.createFrom().<Void>item(() -> {
                captureUntilStopped(routing, database, leadership);
                return null;
            })
                    .onFailure(this::retryable).invoke(e -> retrying(e, failures.getAndIncrement()))
                    .onFailure(this::retryable).retry()
                    .withBackOff(config.source().restartBackoff(), MAX_BACKOFF).withJitter(0).withExecutor(executor)
                    .indefinitely()
                    .subscribeAsCompletionStage();
            if (isStopping()) {
                supervision.cancel(false);
            }
            supervision.join();
        } catch (CancellationException e) {
            // stopped during a backoff
        } catch (CompletionException e) {
            if (e.getCause() instanceof StartupException startup) {
                fatal(startup.getMessage());
            } else if (!isStopping()) {
                fatal("the capture supervisor failed: " + describe(e.getCause()));
            }
        }
    }

    /** Runs until the relay stops; a lost leadership makes this instance a standby; any other failure ends it (thrown). */
    private void captureUntilStopped(ChangeRouting routing, SourceDatabase database, Leadership leadership) {
        while (!isStopping()) {
            try {
                // reloaded meanwhile (admin API)? A reload that restarted the engine hands its mappings over before they are in
                // force: checked against the live tables with the old ones, a dropped column would show as a problem
                ChangeRouting current = capture.restarting().orElseGet(() -> mappings.routing().orElse(routing));
                preparation.prepare(current, database);
                if (!awaitLeadership(leadership)) {
                    return;
                }
                capture.run(current, database, leadership);
            } catch (LeadershipLostException e) {
                leadership.release();
                if (isStopping()) {
                    return;
                }
                status.enter(State.STANDBY, e.getMessage());
                LOG.warnf("%s; standing by", e.getMessage());
            } catch (SlotLostException e) {
                // not retried: only an operator can recreate the slot; this instance keeps leading meanwhile
                slotRecovery.awaitRecreation(e, leadership, config.ha().pollInterval(), this::isStopping);
            } catch (StartupException e) {
                throw e;
            } catch (RuntimeException e) {
                // step down, so that a standby whose source and broker work can take over meanwhile
                leadership.release();
                if (isStopping()) {
                    return;
                }
                Optional<String> denied = ExactlyOnceCheck.transactionalIdDenied(e, TransactionalIds.capture(config, database));
                if (denied.isPresent()) {
                    throw new StartupException(denied.get()); // retrying would not help
                }
                throw e;
            }
        }
    }

    private boolean retryable(Throwable failure) {
        return failure instanceof RuntimeException && !(failure instanceof StartupException) && !isStopping();
    }

    /** @param retries how many retries came before: the backoff doubles with each, from the first up to a minute */
    private void retrying(Throwable failure, int retries) {
        String problem = describe(failure);
        // Mutiny's exponential backoff without jitter waits first * 2^retries, at most MAX_BACKOFF
        Duration first = config.source().restartBackoff();
        Duration backoff = retries >= 30 || first.multipliedBy(1L << retries).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : first.multipliedBy(1L << retries);
        status.enter(State.RETRYING, problem);
        LOG.errorf("%s; retrying in %d ms", problem, backoff.toMillis());
    }

    /**
     * Waits until this instance leads the slot; meanwhile it is a standby. A leader that has stopped
     * renewing its lease is fenced ({@link Leadership}).
     *
     * @return false when the relay stops meanwhile
     */
    private boolean awaitLeadership(Leadership leadership) {
        String lastSeen = null;
        while (!isStopping()) {
            Optional<Leadership.Leader> leader;
            try {
                leader = leadership.tryAcquire();
            } catch (SQLException e) {
                leadership.release();
                throw new SourceUnavailableException("Cannot ask the source database who leads replication slot "
                        + config.source().slotName() + ": " + e.getMessage(), e);
            }
            if (leader.isEmpty()) {
                status.leader(leadership.instance());
                return true;
            }
            status.leader(leader.get().instance());
            if (status.state() != State.STANDBY || !leader.get().instance().equals(lastSeen)) {
                status.enter(State.STANDBY, null);
                LOG.infof("Standing by: relay instance %s streams from replication slot %s", leader.get(), config.source().slotName());
                lastSeen = leader.get().instance();
            }
            if (await(config.ha().pollInterval())) {
                return false;
            }
        }
        return false;
    }

    private void fatal(String message) {
        status.enter(State.STOPPED, message);
        LOG.error("Sluice relay cannot start: " + message);
        Quarkus.asyncExit(1);
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** @return true when the relay is stopping */
    private boolean await(Duration duration) {
        try {
            return stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The failure's message, and its root cause's when that says more. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = Causes.root(e);
        if (root != e && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
            text.append(": ").append(root.getMessage());
        }
        return text.toString();
    }
}
