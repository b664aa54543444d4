package org.jrouterd.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code jrouterd-bench jfr-top FILE [N]}: the top costs in a JFR recording. Prints, for CPU samples
 * ({@code jdk.ExecutionSample}), the top frames by self time and the {@code org.jrouterd} methods by inclusive time
 * (on the stack at all); and for allocation samples ({@code jdk.ObjectAllocationSample}), the allocated classes and
 * the {@code org.jrouterd} or proton frame that allocated them, weighted by sampled bytes.
 */
public final class JfrTop {
    private final Map<String, Long> selfCpu = new HashMap<>();
    private final Map<String, Long> inclusiveCpu = new HashMap<>();
    private final Map<String, Long> selfWithCaller = new HashMap<>();
    private final Map<String, Long> allocByClass = new HashMap<>();
    private final Map<String, Long> allocBySite = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private long cpuSamples;
    private long allocBytes;

    private JfrTop() {
    }

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: jrouterd-bench jfr-top RECORDING.jfr [N]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        JfrTop top = new JfrTop();
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            top.add(event);
        }
        top.print(n);
    }

    private void add(RecordedEvent event) {
        String type = event.getEventType().getName();
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        List<RecordedFrame> frames = stack.getFrames();
        if (type.equals("jdk.ExecutionSample")) {
            cpuSamples++;
            selfCpu.merge(name(frames.get(0)), 1L, Long::sum);
            selfWithCaller.merge(name(frames.get(0)) + " <- " + caller(frames), 1L, Long::sum);
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread")
                    .getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1L, Long::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String name = name(f);
                if (interesting(name) && seen.add(name)) {
                    inclusiveCpu.merge(name, 1L, Long::sum);
                }
            }
        } else if (type.equals("jdk.ObjectAllocationSample")) {
            long weight = event.getLong("weight");
            allocBytes += weight;
            String cls = event.getClass("objectClass").getName();
            allocByClass.merge(cls, weight, Long::sum);
            String site = name(frames.get(0));
            for (RecordedFrame f : frames) {
                String name = name(f);
                if (interesting(name)) {
                    site = name;
                    break;
                }
            }
            allocBySite.merge(cls + " <- " + site, weight, Long::sum);
        }
    }

    /** The first frame below the top one that is jrouterd's or proton's engine (the top frame's caller there). */
    private static String caller(List<RecordedFrame> frames) {
        for (int i = 1; i < frames.size(); i++) {
            String name = name(frames.get(i));
            if (interesting(name) || name.startsWith("org.apache.qpid.proton.")) {
                return name;
            }
        }
        return frames.size() > 1 ? name(frames.get(1)) : "-";
    }

    private static boolean interesting(String frame) {
        return frame.startsWith("org.jrouterd.") || frame.startsWith("org.apache.qpid.proton.engine");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private void print(int n) {
        System.out.printf(Locale.ROOT, "CPU samples: %d%n", cpuSamples);
        section("threads (share of CPU samples)", threads, cpuSamples, n);
        section("top frames, self time (share of CPU samples)", selfCpu, cpuSamples, n);
        section("top frames with their first jrouterd/proton caller", selfWithCaller, cpuSamples, n);
        section("org.jrouterd / proton engine methods, inclusive (share of CPU samples)", inclusiveCpu, cpuSamples,
                n);
        System.out.printf(Locale.ROOT, "%nallocation samples: %,d bytes sampled weight%n", allocBytes);
        section("allocated classes (share of sampled bytes)", allocByClass, allocBytes, n);
        section("allocation sites: class <- first org.jrouterd/proton frame", allocBySite, allocBytes, n);
    }

    private static void section(String title, Map<String, Long> counts, long total, int n) {
        System.out.printf(Locale.ROOT, "%n%s%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n",
                        total == 0 ? 0 : 100.0 * e.getValue() / total, e.getKey()));
    }
}
