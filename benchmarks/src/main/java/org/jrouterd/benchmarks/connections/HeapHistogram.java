package org.jrouterd.benchmarks.connections;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM's heap by class, parsed from {@code jcmd <pid> GC.class_histogram} (which runs a full
 * collection first, so only reachable objects count): the total bytes, and per class the instances and bytes.
 *
 * @param totalBytes bytes of all live objects
 * @param classes    class name to its instances and bytes
 */
public record HeapHistogram(long totalBytes, Map<String, Entry> classes) {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    /** One class's live instances and their bytes. */
    public record Entry(String name, long instances, long bytes) {
    }

    /** Parses the output of {@code jcmd <pid> GC.class_histogram}. */
    public static HeapHistogram parse(String jcmdOutput) {
        Map<String, Entry> classes = new HashMap<>();
        long total = -1;
        for (String line : jcmdOutput.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                String name = row.group(3);
                classes.merge(name, new Entry(name, Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        (a, b) -> new Entry(name, a.instances + b.instances, a.bytes + b.bytes));
                continue;
            }
            Matcher sum = TOTAL.matcher(line);
            if (sum.find()) {
                total = Long.parseLong(sum.group(2));
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("not a class histogram: " + jcmdOutput.lines().limit(5).toList());
        }
        return new HeapHistogram(total, classes);
    }

    /** The classes that grew most from {@code before} to this one, biggest growth first. */
    public List<Entry> growthSince(HeapHistogram before, int top) {
        List<Entry> growth = new ArrayList<>();
        for (Entry now : classes.values()) {
            Entry then = before.classes.getOrDefault(now.name(), new Entry(now.name(), 0, 0));
            growth.add(new Entry(now.name(), now.instances() - then.instances(), now.bytes() - then.bytes()));
        }
        growth.sort(Comparator.comparingLong(Entry::bytes).reversed());
        return growth.subList(0, Math.min(top, growth.size()));
    }
}
