package org.jrouterd.systemtests.interop;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long end-to-end traffic paused around a fault, read from the {@link System#nanoTime()} arrival times of the
 * messages (or replies) that reached their consumer. Stateless.
 */
final class Pauses {

    private Pauses() {
    }

    /** The first arrival at or after {@code from}; fails if there is none. */
    static long firstAtOrAfter(List<Long> arrivals, long from) {
        for (long at : arrivals) {
            if (at - from >= 0) {
                return at;
            }
        }
        throw new AssertionError("no arrival after the given time (" + arrivals.size() + " arrivals)");
    }

    /**
     * The longest time without an arrival from {@code from} up to the first arrival at or after {@code until}:
     * the longest of the intervals between {@code from}, the arrivals after it, and that first arrival. A fault
     * at {@code from} that stopped traffic until it came back at {@code until} gives the whole outage; traffic
     * that hesitated twice (when a router stopped and when its replacement joined) gives the longer hesitation.
     */
    static long longestGapMillis(List<Long> arrivals, long from, long until) {
        long end = firstAtOrAfter(arrivals, until);
        long previous = from;
        long longest = 0;
        for (long at : arrivals) {
            if (at - from < 0) {
                continue;
            }
            if (at - end > 0) {
                break;
            }
            longest = Math.max(longest, at - previous);
            previous = at;
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }

    /** Milliseconds from {@code from} to the first arrival at or after it. */
    static long firstArrivalMillis(List<Long> arrivals, long from) {
        return TimeUnit.NANOSECONDS.toMillis(firstAtOrAfter(arrivals, from) - from);
    }

    /** {@code to - from} in milliseconds. */
    static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
