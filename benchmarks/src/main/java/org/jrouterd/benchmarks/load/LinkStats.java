package org.jrouterd.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * What one link saw, written only by its connection's thread: counts, one-way latencies (receivers) and round-trip
 * times (requesters), in nanoseconds. Messages before the warm-up count only towards {@link #sent}/{@link #received}.
 */
public final class LinkStats {
    /** Largest recordable value: one hour in nanoseconds. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    final Histogram rtt = new Histogram(HIGHEST_NANOS, 3);
    private final Measurement window;
    private final long expected;
    long sent;
    long received;
    long measured;
    volatile long lastNanos;

    LinkStats(Measurement window, long expected) {
        this.window = window;
        this.expected = expected;
    }

    /** Counts one message or reply; past the warm-up it opens the window and counts as measured. */
    void count(long now, long warmup) {
        received++;
        if (received > warmup) {
            if (!window.isOpen()) {
                window.open(now);
            }
            measured++;
            lastNanos = now;
            if (measured == expected) {
                window.linkComplete();
            }
        }
    }

    /** Records a one-way latency (ignored during warm-up or without a timestamp). */
    void latency(long now, long stamp, long warmup) {
        if (stamp > 0 && received > warmup && now >= stamp) {
            latency.recordValue(Math.min(now - stamp, HIGHEST_NANOS));
        }
    }

    /** Records a round trip (ignored during warm-up or without a timestamp). */
    void roundTrip(long now, long stamp, long warmup) {
        if (stamp > 0 && received > warmup && now >= stamp) {
            rtt.recordValue(Math.min(now - stamp, HIGHEST_NANOS));
        }
    }

    /** Counts a sent message. */
    void sent() {
        sent++;
    }
}
