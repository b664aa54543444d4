package org.jrouterd.benchmarks.load;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * The figures of one run: throughput over the measuring window, latency and round-trip percentiles, and CPU time per
 * message of this process and of the watched process. Renders as a human table and as one JSON line.
 *
 * @param measured     messages (or replies) counted inside the window
 * @param sent         messages sent, warm-up included
 * @param received     messages (or replies) received, warm-up included
 * @param elapsedNanos length of the window, 0 when it never opened
 * @param selfCpuNanos CPU time of this process in the window, -1 when unknown
 * @param cpuNanos     CPU time of {@code --cpu-pid} in the window, -1 when none
 */
public record RunResult(BenchOptions options, long measured, long sent, long received, long elapsedNanos,
                        Histogram latency, Histogram rtt, long selfCpuNanos, long cpuNanos) {

    /** Percentiles reported, in order. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    /** Messages (or requests) per second in the window; 0 when nothing was measured. */
    public double throughput() {
        return elapsedNanos <= 0 ? 0 : measured * 1e9 / elapsedNanos;
    }

    /** Microseconds of {@code cpu} per measured message, or -1. */
    static double microsPerMessage(long cpu, long messages) {
        return cpu < 0 || messages <= 0 ? -1 : cpu / 1e3 / messages;
    }

    /** Per cent of sent messages that never arrived (one-way modes; pre-settled messages may be dropped), or -1. */
    public double lossPercent() {
        if (!options.mode().oneWay() || options.mode() == Mode.SEND || options.mode() == Mode.RECEIVE || sent == 0) {
            return -1;
        }
        return 100.0 * Math.max(0, sent - received) / sent;
    }

    /** CPU µs per message of the watched process (the router), or -1. */
    public double cpuMicrosPerMessage() {
        return microsPerMessage(cpuNanos, measured);
    }

    /** CPU µs per message of the load tool itself, or -1. */
    public double selfCpuMicrosPerMessage() {
        return microsPerMessage(selfCpuNanos, measured);
    }

    /** The {@code p}th percentile of {@code h} in microseconds, or -1 when empty. */
    static double micros(Histogram h, double p) {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(p) / 1e3;
    }

    /** A few lines for people. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-28s %s%n", "scenario", label()));
        b.append(String.format(Locale.ROOT, "%-28s %d sent, %d received, %d measured in %.3f s%n", "messages",
                sent, received, measured, elapsedNanos / 1e9));
        if (lossPercent() > 0) {
            b.append(String.format(Locale.ROOT, "%-28s %.3f%% of sent messages never arrived%n", "lost",
                    lossPercent()));
        }
        b.append(String.format(Locale.ROOT, "%-28s %,.0f%n", options.mode() == Mode.RPC
                || options.mode() == Mode.REQUEST ? "requests/s" : "msg/s", throughput()));
        if (cpuNanos >= 0) {
            b.append(String.format(Locale.ROOT, "%-28s %.2f µs/msg (%.0f%% of a core)%n", "CPU of pid "
                    + options.cpuPids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("+")),
                    cpuMicrosPerMessage(), busy(cpuNanos)));
        }
        if (selfCpuNanos >= 0) {
            b.append(String.format(Locale.ROOT, "%-28s %.2f µs/msg (%.0f%% of a core)%n", "CPU of load tool",
                    selfCpuMicrosPerMessage(), busy(selfCpuNanos)));
        }
        appendPercentiles(b, "one-way latency µs", latency);
        appendPercentiles(b, "round trip µs", rtt);
        return b.toString();
    }

    private double busy(long cpu) {
        return elapsedNanos <= 0 ? 0 : 100.0 * cpu / elapsedNanos;
    }

    private static void appendPercentiles(StringBuilder b, String name, Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        b.append(String.format(Locale.ROOT, "%-28s p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n", name,
                micros(h, 50), micros(h, 90), micros(h, 99), micros(h, 99.9), h.getMaxValue() / 1e3));
    }

    private String label() {
        return options.label.isEmpty() ? options.mode().name().toLowerCase(Locale.ROOT) : options.label;
    }

    /** One JSON object on one line (keys stable: scripts read them). */
    public String json() {
        StringBuilder b = new StringBuilder("{");
        field(b, "label", '"' + escape(label()) + '"');
        field(b, "mode", '"' + options.mode().name().toLowerCase(Locale.ROOT).replace('_', '-') + '"');
        field(b, "bodySize", options.bodySize);
        field(b, "presettled", options.presettled);
        field(b, "connections", options.connections);
        field(b, "links", options.links);
        field(b, "outstanding", options.outstanding);
        field(b, "credit", options.credit);
        field(b, "sent", sent);
        field(b, "received", received);
        field(b, "measured", measured);
        field(b, "lossPct", round(lossPercent(), 3));
        field(b, "seconds", round(elapsedNanos / 1e9, 4));
        field(b, "throughput", round(throughput(), 1));
        field(b, "cpuUsPerMsg", round(cpuMicrosPerMessage(), 3));
        field(b, "toolCpuUsPerMsg", round(selfCpuMicrosPerMessage(), 3));
        percentiles(b, "latencyUs", latency);
        percentiles(b, "rttUs", rtt);
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static void percentiles(StringBuilder b, String name, Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        StringBuilder p = new StringBuilder("{");
        p.append("\"p50\":").append(round(micros(h, 50), 1)).append(',');
        p.append("\"p90\":").append(round(micros(h, 90), 1)).append(',');
        p.append("\"p99\":").append(round(micros(h, 99), 1)).append(',');
        p.append("\"p99.9\":").append(round(micros(h, 99.9), 1)).append(',');
        p.append("\"max\":").append(round(h.getMaxValue() / 1e3, 1)).append('}');
        field(b, name, p.toString());
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String round(double v, int digits) {
        return v < 0 ? "null" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
