package org.jrouterd.systemtests.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.RouterKind;

/**
 * What a qdrouterd says about its inter-router data links, through its own {@code qdstat -l --csv} (the 1.19
 * tool from {@code QDROUTERD_HOME}, run as an operator would): per direction ({@code in}: deliveries it received
 * from a neighbour, {@code out}: deliveries it sent to one), the delivery count of the link of each priority 0 to 9,
 * summed over its inter-router connections. Each run's output is kept in the test's folder.
 *
 * <p>Threads: the test thread.
 */
final class QdstatLinks {

    private static final Duration QDSTAT = Duration.ofSeconds(30);

    /** Delivery counts by priority, {@code in} and {@code out}. */
    record Deliveries(long[] in, long[] out) {

        /** This minus {@code before}, priority by priority. */
        Deliveries since(Deliveries before) {
            return new Deliveries(minus(in, before.in), minus(out, before.out));
        }

        /** The counts of one direction, as a list indexed by priority. */
        List<Long> of(String direction) {
            long[] counts = switch (direction) {
                case "in" -> in;
                case "out" -> out;
                default -> throw new IllegalArgumentException(direction);
            };
            return Arrays.stream(counts).boxed().toList();
        }

        private static long[] minus(long[] a, long[] b) {
            long[] d = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = a[i] - b[i];
            }
            return d;
        }
    }

    private QdstatLinks() {
    }

    /** Runs {@code qdstat -b 127.0.0.1:<port> -l --csv}; its output goes to {@code <folder>/<name>.out}. */
    static Deliveries query(int port, Path folder, String name) {
        Path home = RouterKind.qdrouterdHome()
                .orElseThrow(() -> new AssertionError(RouterKind.QDROUTERD_HOME + " is not set"));
        List<String> command = List.of(home.resolve("bin/qdstat").toString(), "-b", "127.0.0.1:" + port, "-l",
                "--csv");
        try (ChildProcess qdstat = ChildProcess.start(name, command, Map.of(), folder,
                folder.resolve(name + ".out"))) {
            qdstat.awaitExitCode(0, QDSTAT);
            return parse(qdstat.output().lines(), qdstat);
        }
    }

    private static Deliveries parse(List<String> lines, ChildProcess qdstat) {
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("\"type\",")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw qdstat.failure("no CSV header in qdstat's output");
        }
        List<String> names = fields(lines.get(header));
        int type = column(names, "type", qdstat);
        int dir = column(names, "dir", qdstat);
        int pri = column(names, "pri", qdstat);
        int deliv = column(names, "deliv", qdstat);
        long[] in = new long[10];
        long[] out = new long[10];
        for (String line : lines.subList(header + 1, lines.size())) {
            List<String> row = fields(line);
            if (row.size() != names.size() || !row.get(type).equals("inter-router")) {
                continue;
            }
            long[] counts = row.get(dir).equals("in") ? in : out;
            counts[Integer.parseInt(row.get(pri))] += Long.parseLong(row.get(deliv));
        }
        return new Deliveries(in, out);
    }

    private static int column(List<String> names, String name, ChildProcess qdstat) {
        int at = names.indexOf(name);
        if (at < 0) {
            throw qdstat.failure("qdstat -l has no column '" + name + "': " + names);
        }
        return at;
    }

    /** The fields of one CSV line as qdstat writes it: each quoted, quotes inside doubled. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
