package io.sluice.adapter.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * A/B of the outbox payload's path through the relay, in one JVM, alternating rounds, CPU time of this thread (so
 * that other processes on a busy machine do not count): (A) the payload parsed into a Jackson tree and written back,
 * as the relay did up to issue #16; (B) a syntax check and the text published as it came, as {@link OutboxRouter}
 * does now. The payload is jsonb's text of the bench's outbox rows. Run:
 * {@code java -cp "bench/target/classes:$(cat bench/target/runtime.classpath)" io.sluice.adapter.outbox.OutboxPayloadAB}
 * (in bench/ because it needs the router's package-private check).
 */
public final class OutboxPayloadAB {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static long sink;

    private OutboxPayloadAB() {
    }

    public static void main(String[] args) throws Exception {
        String payload = "{\"n\": 12345, \"pad\": \"" + "x".repeat(200) + "\", \"orderId\": \"12345\"}";
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = 12;
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        double[] c = new double[rounds];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                JsonNode tree = JSON.readTree(payload.getBytes(UTF_8));
                sink += JSON.writeValueAsBytes(tree).length;
            }
            a[round] = (threads.getCurrentThreadCpuTime() - start) / (double) ops;
            start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                byte[] bytes = payload.getBytes(UTF_8);
                if (!OutboxRouter.isOneJsonValue(bytes)) {
                    throw new IllegalStateException();
                }
                sink += JSON.writeValueAsBytes(JsonNodeFactory.instance.rawValueNode(new RawValue(payload))).length;
            }
            b[round] = (threads.getCurrentThreadCpuTime() - start) / (double) ops;
            start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                byte[] bytes = payload.getBytes(UTF_8);
                if (!OutboxRouter.isOneJsonValue(bytes)) {
                    throw new IllegalStateException();
                }
                sink += bytes.length;
            }
            c[round] = (threads.getCurrentThreadCpuTime() - start) / (double) ops;
        }
        // the first rounds are the JIT's: report the median of the second half
        double medianA = median(Arrays.copyOfRange(a, rounds / 2, rounds));
        double medianB = median(Arrays.copyOfRange(b, rounds / 2, rounds));
        System.out.printf("payload of %d bytes, %,d per round, %d rounds; CPU ns per event, median of the last %d rounds:%n",
                payload.length(),
                ops, rounds, rounds - rounds / 2);
        System.out.printf("  A tree round trip:        %,.0f ns   (rounds: %s)%n", medianA, Arrays.toString(round(a)));
        System.out.printf("  B check + pass through:   %,.0f ns   (rounds: %s)%n", medianB, Arrays.toString(round(b)));
        double medianC = median(Arrays.copyOfRange(c, rounds / 2, rounds));
        System.out.printf("  C check, the bytes as read: %,.0f ns   (rounds: %s)%n", medianC, Arrays.toString(round(c)));
        System.out.printf("  B / A = %.2f (saves %.2f µs of CPU per event); C / A = %.2f (saves %.2f µs)%n", medianB / medianA,
                (medianA - medianB) / 1000, medianC / medianA, (medianA - medianC) / 1000);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
