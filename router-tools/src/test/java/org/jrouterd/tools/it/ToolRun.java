package org.jrouterd.tools.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jrouterd.tools.manage.JrouterdManage;
import org.jrouterd.tools.stat.JrouterdStat;

/**
 * One run of a tool, ours in this JVM or the real qdstat/qdmanage from {@code QDROUTERD_HOME} as a process: its
 * exit status and standard output, and that output without what changes from one run to the next (the date
 * line, uptimes, ids, ports, container and temporary names).
 *
 * <p>Threads: immutable; any thread.
 *
 * @param status the exit status
 * @param stdout the standard output
 */
record ToolRun(int status, String stdout) {

    static final String QDROUTERD_HOME = "QDROUTERD_HOME";

    private static final Pattern DATE_LINE = Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? UTC$");
    /** qdstat's durations (uptime, last delivery): two runs a moment apart may straddle a second. */
    private static final Pattern DURATION = Pattern.compile("\\b\\d{3}:\\d\\d:\\d\\d:\\d\\d\\b");
    private static final Pattern UPTIME_JSON = Pattern.compile("(\"uptimeSeconds\": )\\d+");
    /**
     * Delivery counters, which the tools' own management requests move between two runs (the router counts them as
     * qdrouterd does): qdmanage's JSON attributes and qdstat -g's rows.
     */
    private static final Pattern DELIVERY_COUNT_JSON =
            Pattern.compile("(\"(?:deliveries\\w*|\\w+Deliveries)\": )\\d+");
    /** qdstat -a's row of the agent's own address, whose in/out counts are the tools' requests. */
    private static final Pattern AGENT_ADDRESS_ROW = Pattern.compile("(?m)^(.*\\$management\\s+\\d+\\s+\\S+)(.*)$");
    private static final Pattern DELIVERY_COUNT_ROW = Pattern.compile(
            "(?m)^(\\s*\"?(?:Presettled|Dropped Presettled|Accepted|Rejected|Released|Modified|Ingress|Egress|Transit)"
                    + " Count(?:\\s+|\",\"))\\d+");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TEMP = Pattern.compile("temp\\.[A-Za-z0-9+_]+");
    private static final Pattern HOST_PORT = Pattern.compile("127\\.0\\.0\\.1:\\d+");
    private static final Pattern CSV_NUMBER = Pattern.compile("\"\\d+\"");

    static Optional<Path> home() {
        String home = System.getenv(QDROUTERD_HOME);
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home));
    }

    static ToolRun stat(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JrouterdStat.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemDefaultZone());
        return new ToolRun(status, out.toString(StandardCharsets.UTF_8));
    }

    static ToolRun manage(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JrouterdManage.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ToolRun(status, out.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code $QDROUTERD_HOME/bin/<tool> args}, waiting at most 30 s. */
    static ToolRun reference(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home().orElseThrow().resolve("bin").resolve(tool).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("reference-" + tool, ".out");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(tool + " " + String.join(" ", args) + " did not end in 30 s");
            }
            return new ToolRun(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The output without the date line, uptimes, UUIDs, temporary addresses and client ports. */
    String stable() {
        String text = DATE_LINE.matcher(stdout).replaceAll("<date>");
        text = DURATION.matcher(text).replaceAll("ddd:hh:mm:ss");
        text = UPTIME_JSON.matcher(text).replaceAll("$1<uptime>");
        text = DELIVERY_COUNT_JSON.matcher(text).replaceAll("$1<n>");
        text = DELIVERY_COUNT_ROW.matcher(text).replaceAll("$1<n>");
        text = AGENT_ADDRESS_ROW.matcher(text).replaceAll(row -> java.util.regex.Matcher.quoteReplacement(
                row.group(1) + row.group(2).replaceAll("\\d+", "<n>")));
        text = UUID.matcher(text).replaceAll("<uuid>");
        text = TEMP.matcher(text).replaceAll("temp.<x>");
        return HOST_PORT.matcher(text).replaceAll("127.0.0.1:<port>");
    }

    /** {@link #stable} with every quoted number of a CSV table masked too (ids, counters of the tools' traffic). */
    String stableCsv() {
        return CSV_NUMBER.matcher(stable()).replaceAll("\"<n>\"");
    }
}
