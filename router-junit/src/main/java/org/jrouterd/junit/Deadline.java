package org.jrouterd.junit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it every few milliseconds until a deadline.
 *
 * <p>Threads: stateless; any thread.
 */
final class Deadline {

    private static final long POLL_MILLIS = 5;

    private Deadline() {
    }

    /**
     * Returns as soon as {@code condition} holds; throws an {@link AssertionError} with {@code failure}'s message
     * (computed once, at the deadline) if it still does not hold after {@code timeout}.
     */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);   // polling a condition under a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure.get(), e);
            }
        }
    }

    /** A duration as people say it: "10 s", "250 ms". */
    static String say(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
