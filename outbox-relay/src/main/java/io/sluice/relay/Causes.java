package io.sluice.relay;

import java.util.Optional;
import java.util.function.Predicate;

/** Walks a failure's chain of causes: the one place that does, so that every caller stops at a cycle the same way. */
public final class Causes {

    private Causes() {
    }

    /** @return the first throwable in the chain (the failure itself included) of this type */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** @return whether a throwable in the chain (the failure itself included) matches */
    public static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /** @return the last cause of the chain, or the failure itself when it has none */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        return root;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
