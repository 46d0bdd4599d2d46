package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where the CPU went over one stretch of a run: CPU time (user + system, from {@code /proc/<pid>/stat}) of
 * named processes and busy time of the whole machine (from {@code /proc/stat}), per event processed.
 *
 * @param microsPerEvent per process, in the order given; NaN when its process could not be read at both ends
 * @param machineMicrosPerEvent busy CPU time of all cores, whoever spent it
 * @param machineBusyPercent busy time over all cores' time, 0–100
 */
record CpuSplit(long events, double seconds, Map<String, Double> microsPerEvent, double machineMicrosPerEvent, double machineBusyPercent) {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}). */
    static final long TICKS_PER_SECOND = clockTicks();

    /** CPU time of processes (label → pid; a pid below 1 is unknown) from now until {@link Meter#stop}. */
    static Meter start(Map<String, Long> processes) {
        return new Meter(processes);
    }

    /** CPU time of all processes named here and busy time of the machine, taken at the start of a stretch. */
    static final class Meter {

        private final Map<String, Long> pids;
        private final Map<String, OptionalLong> startTicks = new LinkedHashMap<>();
        private final long[] machineStart = machineTicks();
        private final long startedNanos = System.nanoTime();

        private Meter(Map<String, Long> processes) {
            this.pids = new LinkedHashMap<>(processes);
            pids.forEach((label, pid) -> startTicks.put(label, processTicks(pid)));
        }

        /** The split from the start to now, over {@code events} events. */
        CpuSplit stop(long events) {
            long[] machineEnd = machineTicks();
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            Map<String, Double> perEvent = new LinkedHashMap<>();
            pids.forEach((label, pid) -> {
                OptionalLong start = startTicks.get(label);
                OptionalLong end = processTicks(pid);
                perEvent.put(label,
                        start.isPresent() && end.isPresent() ? micros(end.getAsLong() - start.getAsLong(), events) : Double.NaN);
            });
            long busy = machineEnd[0] - machineStart[0];
            long total = machineEnd[1] - machineStart[1];
            return new CpuSplit(events, seconds, perEvent, micros(busy, events), total == 0 ? 0 : 100.0 * busy / total);
        }
    }

    /** One line for progress output: µs per event of each process and of the machine. */
    String summary() {
        StringBuilder line = new StringBuilder();
        microsPerEvent.forEach((label, micros) -> line.append(label).append(' ').append(format(micros)).append(", "));
        return line
                .append(String.format("machine %s µs/event (%.0f %% busy over %.1f s)", format(machineMicrosPerEvent), machineBusyPercent,
                        seconds))
                .toString();
    }

    static String format(double micros) {
        return Double.isNaN(micros) ? "?" : String.format("%,.1f", micros);
    }

    /** Busy time of all processes named here subtracted from the machine's: what other processes spent. */
    double restMicrosPerEvent() {
        return machineMicrosPerEvent - microsPerEvent.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sum();
    }

    private static double micros(long ticks, long events) {
        return events == 0 ? Double.NaN : ticks * 1e6 / TICKS_PER_SECOND / events;
    }

    /** utime + stime of a process (fields 14 and 15 of {@code /proc/<pid>/stat}), empty if it cannot be read. */
    static OptionalLong processTicks(long pid) {
        if (pid < 1) {
            return OptionalLong.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Busy and total ticks of all cores, from the {@code cpu} line of {@code /proc/stat} (zeros if unreadable). */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal (guest time is already counted in user)
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long busy = 0;
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return new long[]{busy, busy + idle};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
