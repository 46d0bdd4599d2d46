package io.sluice.adapter.mapping;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the relay does with a change that a mapping covers but cannot translate (a value its conversion refuses, a missing
 * key, an outbox row without JSON payload): chosen globally ({@code sluice.bad-data}) or per mapping file ({@code bad-data:}).
 */
public enum BadDataPolicy {
    /** Send the raw change and the reason to the dead-letter topic, and go on (the default). */
    DEAD_LETTER("dead-letter"),
    /** Stop publishing: the batch is not acknowledged, the relay retries it and says why until the mapping or data is fixed. */
    FAIL("fail"),
    /** Drop the change with a warning in the log, counted in {@code sluice_changes_ignored_total{reason="bad-data"}}. */
    SKIP_WITH_WARNING("skip-with-warning");

    private final String text;

    BadDataPolicy(String text) {
        this.text = text;
    }

    /** As written in configuration and mapping files, e.g. {@code dead-letter}. */
    public String text() {
        return text;
    }

    /** @return the policy written as {@code text} ({@code dead-letter}, {@code fail}, {@code skip-with-warning}) */
    public static Optional<BadDataPolicy> of(String text) {
        return Arrays.stream(values()).filter(p -> p.text.equals(text)).findFirst();
    }

    /** The accepted texts, for error messages. */
    public static String choices() {
        return Arrays.stream(values()).map(BadDataPolicy::text).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return text;
    }
}
