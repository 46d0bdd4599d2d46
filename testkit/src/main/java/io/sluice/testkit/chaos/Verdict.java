package io.sluice.testkit.chaos;

import java.util.List;

/**
 * What a chaos run found, comparing every committed source change with every event on Kafka and
 * every consumer effect.
 *
 * @param committedChanges  events the committed legacy changes must produce (read back from the database)
 * @param eventsOnKafka     distinct events (by {@code ce_id}) on the topic
 * @param lost              committed changes with no event on Kafka, or with no effect at the consumer
 * @param duplicatedOnKafka records whose {@code ce_id} had been published before, for a {@code read_committed} reader (must be
 *                          0 with exactly-once delivery; allowed with at-least-once)
 * @param doubleEffects     effects the consumer applied more than once (must be 0)
 * @param outOfOrder        aggregates whose events reached Kafka, or took effect, out of order (must be 0)
 * @param faults            the faults injected, in order
 * @param examples          a few of the problems, for the report
 * @param exactlyOnce       whether the relay ran with {@code sluice.delivery=exactly-once}
 */
public record Verdict(long committedChanges, long eventsOnKafka, long lost, long duplicatedOnKafka, long doubleEffects,
        long outOfOrder, List<String> faults, List<String> examples, boolean exactlyOnce) {

    public boolean passed() {
        return lost == 0 && doubleEffects == 0 && outOfOrder == 0 && (!exactlyOnce || duplicatedOnKafka == 0);
    }

    public String report() {
        return String.format("""
                chaos verdict: %s
                  faults injected         %d  %s
                  events expected         %,d   (from the committed legacy changes)
                  events on Kafka         %,d distinct
                  lost                    %,d   (must be 0)
                  duplicated on Kafka     %,d   %s
                  double effects          %,d   (must be 0)
                  out of order per key    %,d   (must be 0)%s""",
                passed() ? "PASSED" : "FAILED", faults.size(), faults, committedChanges, eventsOnKafka, lost, duplicatedOnKafka,
                exactlyOnce ? "(must be 0: exactly-once delivery, read_committed)" : "(at-least-once replays after faults; reported)",
                doubleEffects, outOfOrder, examples.isEmpty() ? "" : "\n  examples:\n    " + String.join("\n    ", examples));
    }
}
