package io.sluice.relay.capture;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

/** What the relay is doing, for health checks, logs and the admin API. */
@ApplicationScoped
public class RelayStatus {

    public enum State {
        /** Checking configuration, applying Sluice's migrations, waiting for the database and broker. */
        STARTING,
        /** Another instance streams from the slot; this one waits to take over. */
        STANDBY,
        /** The capture engine runs and streams changes. */
        STREAMING,
        /** The capture engine failed; it is restarted after a backoff. */
        RETRYING,
        /**
         * The replication slot the stored position refers to is gone or invalidated: the engine does not start until an
         * operator recreates it ({@code POST /sluice/admin/slot/recreate}); see {@link SlotLostException}.
         */
        SLOT_LOST,
        /** Stopped for good (shutdown or a fatal configuration error). */
        STOPPED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final AtomicReference<String> lastProblem = new AtomicReference<>();
    private final AtomicLong changesRead = new AtomicLong();
    private final AtomicLong recordsPublished = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile Instant lastBatchAt;
    private volatile Instant streamingSince;
    private boolean paused;
    private volatile String instance;
    private volatile String leader;
    private volatile List<SlotInstance> instances = List.of();
    /** Per table, the schema change that stops its changes from being mapped (one sentence), until the mappings are reloaded. */
    private final java.util.Map<String, String> schemaChanges = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile java.util.List<String> outsidePublication = java.util.List.of();

    public State state() {
        return state.get();
    }

    public String lastProblem() {
        return lastProblem.get();
    }

    public long changesRead() {
        return changesRead.get();
    }

    public long recordsPublished() {
        return recordsPublished.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public Instant lastBatchAt() {
        return lastBatchAt;
    }

    /** Whether an operator paused publishing (the engine keeps its connection; no position moves). */
    public synchronized boolean paused() {
        return paused;
    }

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Blocks the batch handler while paused. */
    synchronized void awaitResumed() throws InterruptedException {
        while (paused) {
            wait();
        }
    }

    /** This instance's name (sluice.ha.instance-name). */
    public String instance() {
        return instance;
    }

    /** The instance that streams from the slot, as last seen: this one while it leads; null when unknown. */
    public String leader() {
        return leader;
    }

    /**
     * The relay instances on this instance's slot, leader first, as this instance last saw them (refreshed with each poll for
     * the lock or lease renewal); empty while this instance has no session on the source.
     */
    public List<SlotInstance> instances() {
        return instances;
    }

    void instances(List<SlotInstance> instances) {
        this.instances = List.copyOf(instances);
    }

    void identify(String instance) {
        this.instance = instance;
    }

    void leader(String leader) {
        this.leader = leader;
    }

    /**
     * Refuses an admin operation that only the leader can carry out (pause, resume, snapshots, replays) while this
     * instance stands by: a standby's pause would hold nothing back, and its snapshot progress or replay would run
     * beside the leader's stream.
     *
     * @throws io.sluice.relay.OperationRefusedException 409, naming the leader
     */
    public void requireLeader(String operation) {
        if (state() == State.STANDBY) {
            throw new io.sluice.relay.OperationRefusedException(409, "This relay instance (" + instance + ") stands by and does not "
                    + operation + "; send it to the leader" + (leader == null ? "" : ", " + leader)
                    + " (GET /sluice/admin/status shows each instance's state)");
        }
    }

    /** When the capture engine last started streaming; null while it does not stream. */
    public Instant streamingSince() {
        return streamingSince;
    }

    void enter(State next, String problem) {
        streamingSince = next == State.STREAMING ? Instant.now() : null;
        state.set(next);
        lastProblem.set(problem);
    }

    void processed(int changes, int records) {
        changesRead.addAndGet(changes);
        recordsPublished.addAndGet(records);
        lastBatchAt = Instant.now();
    }

    void recordDeadLetter() {
        deadLettered.incrementAndGet();
    }

    /** Records that a table's changes no longer fit its mapping ({@link SchemaChangeCheck}); readiness shows it. */
    void schemaChanged(Object table, String sentence) {
        schemaChanges.put(table.toString(), sentence);
    }

    /**
     * Records which captured tables left the publication (one sentence each), as the last check found them; a run that
     * readies the publication empties it.
     */
    void outsidePublication(java.util.List<String> sentences) {
        outsidePublication = java.util.List.copyOf(sentences);
    }

    /**
     * One sentence per table whose changes no longer fit its mapping, since the mappings in force were validated, and per
     * captured table that left the publication.
     */
    public java.util.List<String> schemaChanges() {
        java.util.List<String> all = new java.util.ArrayList<>(schemaChanges.values());
        all.addAll(outsidePublication);
        return all;
    }

    /** The mappings were reloaded and validated against the live tables. */
    void clearSchemaChanges() {
        schemaChanges.clear();
    }
}
