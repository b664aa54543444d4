package org.jrouterd.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

/**
 * The shared measuring window of one run. The first link to finish its warm-up opens it (and samples the CPU
 * counters); {@link #close()} ends it. Each link records into its own {@link LinkStats} on its own thread; the
 * main thread merges them after all connection threads have joined.
 */
public final class Measurement {
    private final ProcessCpu watched;
    private final ProcessCpu self = new ProcessCpu("self");
    private final List<LinkStats> links = new ArrayList<>();
    private final AtomicBoolean opened = new AtomicBoolean();
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile long watchedCpuStart = -1;
    private volatile long watchedCpuEnd = -1;
    private volatile long selfCpuStart = -1;
    private volatile long selfCpuEnd = -1;

    private final AtomicInteger incomplete;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long perLink;

    /**
     * A window that also charges the CPU time of the processes {@code cpuPids} (summed; none: empty); it closes by
     * itself once {@code links} measuring links have each counted {@code perLink} messages.
     */
    public Measurement(List<Integer> cpuPids, int links, long perLink) {
        this.watched = cpuPids.isEmpty() ? null
                : new ProcessCpu(cpuPids.stream().map(String::valueOf).toList());
        this.incomplete = new AtomicInteger(links);
        this.perLink = perLink;
    }

    /** A new per-link recorder that counts towards the window. */
    public synchronized LinkStats newLink() {
        LinkStats stats = new LinkStats(this, perLink);
        links.add(stats);
        return stats;
    }

    /** A new per-link recorder that never measures (senders whose receiver measures, responders). */
    public synchronized LinkStats newSideLink() {
        LinkStats stats = new LinkStats(this, Long.MAX_VALUE);
        links.add(stats);
        return stats;
    }

    /** A measuring link has counted all its messages; the last one closes the window. */
    void linkComplete() {
        if (incomplete.decrementAndGet() == 0) {
            close();
        }
    }

    /** Opens the window once; later calls do nothing. */
    void open(long now) {
        if (opened.compareAndSet(false, true)) {
            selfCpuStart = self.cpuNanos();
            watchedCpuStart = watched == null ? -1 : watched.cpuNanos();
            startNanos = now;
        }
    }

    /** Whether the window is open. */
    boolean isOpen() {
        return opened.get();
    }

    /** Closes the window now unless already closed (the last link, or the main thread once all are done). */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endNanos = lastActivity();
        selfCpuEnd = self.cpuNanos();
        watchedCpuEnd = watched == null ? -1 : watched.cpuNanos();
    }

    private long lastActivity() {
        long last = 0;
        for (LinkStats s : links) {
            last = Math.max(last, s.lastNanos);
        }
        return last == 0 ? System.nanoTime() : last;
    }

    /** The merged figures of all links. */
    public RunResult result(BenchOptions options) {
        Histogram latency = new Histogram(LinkStats.HIGHEST_NANOS, 3);
        Histogram rtt = new Histogram(LinkStats.HIGHEST_NANOS, 3);
        long measured = 0;
        long sent = 0;
        long received = 0;
        for (LinkStats s : links) {
            latency.add(s.latency);
            rtt.add(s.rtt);
            measured += s.measured;
            sent += s.sent;
            received += s.received;
        }
        long elapsed = opened.get() ? Math.max(1, endNanos - startNanos) : 0;
        return new RunResult(options, measured, sent, received, elapsed, latency, rtt,
                delta(selfCpuStart, selfCpuEnd), delta(watchedCpuStart, watchedCpuEnd));
    }

    private static long delta(long start, long end) {
        return start < 0 || end < 0 ? -1 : end - start;
    }
}
