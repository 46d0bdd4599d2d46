package io.sluice.testkit.process;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stops what a launcher ({@code scripts/demo}, {@code scripts/infra}) started, in a fixed order of stages (what
 * writes first, the servers it writes to last), the components of one stage side by side, one line per component.
 * Meant to run once, from a JVM shutdown hook ({@link #stopOnExit()}): then Ctrl-C, {@code kill -INT -- -<pgid>},
 * SIGTERM to the JVM and {@code System.exit} all stop everything the same way. The children run in their own
 * sessions ({@link OwnSession}), so a group signal does not stop them behind the launcher's back.
 *
 * <p>A component is started through {@link #start}: once stopping has begun, nothing new starts, so nothing is
 * left behind by a signal that arrives during start-up.
 */
public final class StopOrder {

    /** Stops one component; returns how it went when that is worth saying ("killed after 20 s"), else null. */
    @FunctionalInterface
    public interface Stopper {
        String stop();
    }

    private record Component(String name, Stopper stopper) {
    }

    /** Thrown by {@link #start} once stopping has begun. */
    public static final class Stopping extends RuntimeException {
        Stopping(String name) {
            super("not starting " + name + ": stopping", null, false, false);
        }
    }

    private final String prefix;
    private final PrintStream out;
    private final Map<Integer, List<Component>> stages = new TreeMap<>();
    private final Object lock = new Object();
    private boolean stopping;
    private Runnable finish = () -> {
    };

    /**
     * @param prefix what each line starts with ({@code sluice-demo})
     * @param out    where the lines go
     */
    public StopOrder(String prefix, PrintStream out) {
        this.prefix = prefix;
        this.out = out;
    }

    /**
     * Starts a component and registers how to stop it, unless stopping has begun. The start holds off stopping, so
     * keep it to launching (not waiting for readiness).
     *
     * @param stage   lower stages stop first
     * @param name    the component's name in the stop line
     * @param start   launches it and returns it
     * @param stopper stops what {@code start} returned
     * @throws Stopping when stopping has begun: nothing was started
     */
    public <T> T start(int stage, String name, Supplier<T> start, Function<T, Stopper> stopper) {
        return start(name, start, started -> add(stage, name, stopper.apply(started)));
    }

    /**
     * Starts something that registers one or more components ({@link #add}) from what it started, unless stopping
     * has begun; start and registration are one step for {@link #stopAll()}.
     *
     * @throws Stopping when stopping has begun: nothing was started
     */
    public <T> T start(String name, Supplier<T> start, Consumer<T> register) {
        synchronized (lock) {
            if (stopping) {
                throw new Stopping(name);
            }
            T started = start.get();
            register.accept(started);
            return started;
        }
    }

    /**
     * Registers how to stop a component that is running.
     *
     * @throws Stopping when stopping has begun
     */
    public void add(int stage, String name, Stopper stopper) {
        synchronized (lock) {
            if (stopping) {
                throw new Stopping(name);
            }
            stages.computeIfAbsent(stage, s -> new ArrayList<>()).add(new Component(name, stopper));
        }
    }

    /** Whether stopping has begun (a launcher then keeps quiet about what fails because of it). */
    public boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** Runs after every component has stopped (e.g. removes a file that advertised the servers). */
    public StopOrder finallyRun(Runnable finish) {
        this.finish = finish;
        return this;
    }

    /** Stops everything on JVM exit. */
    public StopOrder stopOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, prefix + "-stop"));
        return this;
    }

    /** Stops every registered component, stage by stage; a second call does nothing. */
    public void stopAll() {
        List<List<Component>> order;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            order = List.copyOf(stages.values());
        }
        long started = System.nanoTime();
        if (!order.isEmpty()) {
            out.println();
            out.println(prefix + ": stopping ...");
        }
        for (List<Component> stage : order) {
            // threads of their own: the common pool has a single thread on two cores
            List<Thread> stopping = stage.stream().map(c -> new Thread(() -> stop(c), prefix + "-stop-" + c.name())).toList();
            stopping.forEach(Thread::start);
            for (Thread thread : stopping) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        finish.run();
        if (!order.isEmpty()) {
            out.printf("%s: stopped in %.1f s%n", prefix, (System.nanoTime() - started) / 1e9);
        }
        out.flush();
    }

    private void stop(Component component) {
        long started = System.nanoTime();
        try {
            String how = component.stopper().stop();
            out.printf("%s: %s stopped in %.1f s%s%n", prefix, component.name(), (System.nanoTime() - started) / 1e9,
                    how == null ? "" : " (" + how + ")");
        } catch (RuntimeException e) {
            out.println(prefix + ": " + component.name() + " did not stop cleanly: " + e.getMessage());
        }
    }
}
