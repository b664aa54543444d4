package org.jrouterd.systemtests.interop;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Waiting on a condition with a deadline, polled often: the tests measure pauses in milliseconds. Stateless. */
final class InteropAwait {

    private InteropAwait() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} when {@code timeout} passes first. */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(10)).pollDelay(Duration.ZERO)
                .until(condition::getAsBoolean);
    }
}
