package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * When a JVM's JIT compilation has settled: samples, once a second, the CPU time of its compiler threads
 * ({@code C1/C2 CompilerThread*} in {@code /proc/<pid>/task/<tid>/stat}) against the whole process's. Settled is
 * the first moment after which compilation took under {@link #SETTLED_SHARE} of the process's CPU over a
 * {@link #WINDOW_SECONDS}-second window while the process was busy.
 */
final class JitMonitor implements AutoCloseable {

    static final double SETTLED_SHARE = 0.05;
    static final int WINDOW_SECONDS = 5;

    private final long pid;
    private final long startedMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double settledSeconds = -1;
    private volatile double compileShareFirst30s = Double.NaN;
    private volatile boolean warmUpOver;

    /** @param launchedMillis when the JVM was launched: times, and the first 30 s, count from there */
    JitMonitor(long pid, long launchedMillis) {
        this.pid = pid;
        this.startedMillis = launchedMillis;
        this.thread = new Thread(this::sample, "bench-jit");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        long[] compile = new long[WINDOW_SECONDS + 1];
        long[] total = new long[WINDOW_SECONDS + 1];
        Map<Long, Long> threadTicks = new HashMap<>();
        long compiled = 0;
        boolean first30Taken = false;
        int n = 0;
        long process0 = 0; // CPU since the JVM's launch, as the compiler threads' ticks
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            compiled += compilerTicksDelta(threadTicks);
            long processTicks = CpuSplit.processTicks(pid).orElse(-1);
            if (processTicks < 0) {
                return; // exited
            }
            n++;
            compile[n % compile.length] = compiled;
            total[n % total.length] = processTicks - process0;
            if (!first30Taken && System.currentTimeMillis() - startedMillis >= 30_000) {
                first30Taken = true;
                long total30 = processTicks - process0;
                compileShareFirst30s = total30 == 0 ? Double.NaN : (double) compiled / total30;
            }
            if (n > WINDOW_SECONDS && settledSeconds < 0 && !warmUpOver) {
                int then = (n - WINDOW_SECONDS) % compile.length;
                long busy = total[n % total.length] - total[then];
                long jit = compile[n % compile.length] - compile[then];
                // busy: at least a fifth of a core over the window, else an idle relay would look "settled"
                if (busy > CpuSplit.TICKS_PER_SECOND * WINDOW_SECONDS / 5 && jit < SETTLED_SHARE * busy) {
                    settledSeconds = (System.currentTimeMillis() - startedMillis) / 1000.0;
                }
            }
        }
    }

    /** CPU ticks the compiler threads spent since the last call (threads come and go: per thread id). */
    private long compilerTicksDelta(Map<Long, Long> previous) {
        long delta = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        long tid = Long.parseLong(task.getFileName().toString());
                        Long before = previous.put(tid, ticks);
                        delta += ticks - (before == null ? 0 : before);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return delta;
    }

    /**
     * The warm-up is over: settled or not, {@link #settledSeconds()} no longer changes; the monitor goes on sampling for
     * {@link #compileShareFirst30s()} until closed.
     */
    void warmUpOver() {
        warmUpOver = true;
    }

    /** Seconds from the JVM's launch until compilation had settled (the end of the first quiet window), or -1. */
    double settledSeconds() {
        return settledSeconds;
    }

    /** The compiler threads' share of the process's CPU in its first 30 s (NaN before). */
    double compileShareFirst30s() {
        return compileShareFirst30s;
    }

    /**
     * Prints when the JIT settled and its share of the CPU of {@code whose} (e.g. "the relay's") in the first 30 s.
     *
     * @param warmUpCap the warm-up's longest wait, named when the JIT did not settle within it
     */
    void print(String whose, java.time.Duration warmUpCap) {
        double settled = settledSeconds();
        System.out.printf("  JIT %s; compilation took %s of %s CPU in its first 30 s%n",
                settled < 0
                        ? "not settled within the warm-up cap of " + warmUpCap.toSeconds() + " s"
                        : String.format("settled %.0f s after launch", settled),
                Double.isNaN(compileShareFirst30s()) ? "?" : String.format("%.0f %%", 100 * compileShareFirst30s()), whose);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
