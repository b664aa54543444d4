package org.jrouterd.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jrouterd-bench report FILE}: the summary of a {@code benchmarks/run.sh} session. Reads the JSON lines of
 * the runs, groups them by label ({@code <target>/<scenario>}, e.g. {@code jrouterd/100B-unsettled}), and prints the
 * median of each figure and the ratios of every {@code jrouterd/X} to {@code relay/X} and {@code direct/X}, and of
 * every {@code mesh/X} (two routers) to {@code jrouterd/X} (one).
 *
 * <p>Threads: used by the one thread that prints the report.
 */
public final class ScenarioReport {
    private static final Pattern NUMBER = Pattern.compile("\"%s\":(null|-?[0-9.]+)");

    private final Map<String, List<String>> runs = new LinkedHashMap<>();

    /** Adds one JSON line (lines that are not run results are ignored). */
    public void add(String jsonLine) {
        String label = string(jsonLine, "label");
        if (label != null) {
            runs.computeIfAbsent(label, k -> new ArrayList<>()).add(jsonLine);
        }
    }

    /** Entry point: {@code report FILE}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: jrouterd-bench report RESULTS.jsonl");
            System.exit(2);
        }
        ScenarioReport report = new ScenarioReport();
        Files.readAllLines(Path.of(args[0])).forEach(report::add);
        System.out.print(report.render());
    }

    /** The median of {@code key} (top-level, or {@code object.key}) over the runs of {@code label}; NaN if none. */
    public double median(String label, String key) {
        List<String> lines = runs.getOrDefault(label, List.of());
        double[] values = lines.stream().mapToDouble(l -> number(l, key)).filter(v -> !Double.isNaN(v)).toArray();
        return median(values);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The table and the ratios. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-34s %4s %12s %10s %9s %9s %9s %9s %9s %7s%n",
                "scenario (median of runs)", "runs", "msg/s", "mid µs/msg", "tool µs", "lat p50", "lat p99",
                "rtt p50", "rtt p99", "lost %"));
        for (String label : runs.keySet()) {
            if (!Double.isNaN(median(label, "idleCpuMsPer3s"))) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "%-34s %4d %12s %10s %9s %9s %9s %9s %9s %7s%n", label,
                    runs.get(label).size(), fmt(median(label, "throughput"), 0), fmt(median(label, "cpuUsPerMsg"), 2),
                    fmt(median(label, "toolCpuUsPerMsg"), 2), fmt(median(label, "latencyUs.p50"), 0),
                    fmt(median(label, "latencyUs.p99"), 0), fmt(median(label, "rttUs.p50"), 1),
                    fmt(median(label, "rttUs.p99"), 1), fmt(median(label, "lossPct"), 2)));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        for (String label : runs.keySet()) {
            if (!Double.isNaN(median(label, "idleCpuMsPer3s"))) {
                b.append(String.format(Locale.ROOT, "%s: %s ms CPU in 3 s idle%n", label,
                        fmt(median(label, "idleCpuMsPer3s"), 0)));
            }
        }
        b.append(String.format(Locale.ROOT, "%nround trips (median of runs, µs)%n"));
        for (String label : runs.keySet()) {
            if (!Double.isNaN(median(label, "rttUs.p50"))) {
                b.append(String.format(Locale.ROOT, "%-34s p50 %8s  p90 %8s  p99 %8s  p99.9 %8s  max %8s  %s req/s%n",
                        label, fmt(median(label, "rttUs.p50"), 1), fmt(median(label, "rttUs.p90"), 1),
                        fmt(median(label, "rttUs.p99"), 1), fmt(median(label, "rttUs.p99.9"), 1),
                        fmt(median(label, "rttUs.max"), 1), fmt(median(label, "throughput"), 0)));
            }
        }
        b.append(String.format(Locale.ROOT, "%nratios (medians)%n"));
        for (String label : runs.keySet()) {
            int slash = label.indexOf('/');
            List<String> bases = switch (slash < 0 ? "" : label.substring(0, slash)) {
                case "jrouterd" -> List.of("relay", "direct");
                case "mesh" -> List.of("jrouterd");
                default -> List.of();
            };
            String scenario = label.substring(slash + 1);
            for (String base : bases) {
                String other = base + "/" + scenario;
                if (runs.containsKey(other)) {
                    b.append(String.format(Locale.ROOT, "%-34s throughput %6s x %-6s  CPU/msg %6s x %s%n",
                            label + " / " + base, fmt(median(label, "throughput") / median(other, "throughput"), 2),
                            base, fmt(median(label, "cpuUsPerMsg") / median(other, "cpuUsPerMsg"), 2), base));
                }
            }
        }
        return b.toString();
    }

    private static String fmt(double v, int digits) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%,." + digits + "f", v);
    }

    /** A number from a flat JSON line: {@code key} at top level or {@code object.key} one level down; NaN if absent. */
    static double number(String json, String key) {
        String scope = json;
        String name = key;
        int dot = key.indexOf('.');
        if (dot > 0) {
            String object = key.substring(0, dot);
            int at = json.indexOf("\"" + object + "\":{");
            if (at < 0) {
                return Double.NaN;
            }
            scope = json.substring(at, json.indexOf('}', at) + 1);
            name = key.substring(dot + 1);
        }
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), Pattern.quote(name))).matcher(scope);
        if (!m.find() || m.group(1).equals("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(m.group(1));
    }

    private static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }
}
