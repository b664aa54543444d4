package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One router daemon in its own process, listening on 127.0.0.1: a {@code bin/jrouterd} with Netty leak detection
 * at PARANOID (on an ephemeral port, its whole log in {@code <folder>/router-<id>.log}), or either
 * {@link RouterKind} started from a configuration file with fixed (pre-allocated ephemeral) ports.
 *
 * <p>Closing it checks that it was healthy: it first makes the router collect garbage and allocate again (so
 * that Netty reports leaked buffers), then sends SIGTERM and requires exit code 0 within a deadline, and no
 * {@code LEAK:} report, {@code (ERROR)} line or uncaught exception in the log. Any failure names the log file.
 *
 * <p>Threads: used by one test thread.
 */
public final class RouterProcess implements AutoCloseable {

    /** How long a router may take to log its listening port; a launcher that first rebuilds gets longer. */
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration START_WHEN_BUILDING = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(20);
    private static final Duration JCMD = Duration.ofSeconds(30);
    private static final String JAVA_OPTS =
            "-Dio.netty.leakDetection.level=PARANOID -Dio.netty.leakDetection.targetRecords=8";
    /** jrouterd's and qdrouterd's line; qdrouterd names the listener when it was given port 0. */
    private static final Pattern LISTENING =
            Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)(?: \\([^)]*\\))?$");
    private static final Pattern BAD_LINE = Pattern.compile("LEAK:|\\((ERROR|error|critical)\\)|Exception in thread ");
    /** qdrouterd logs every management request it refuses at error (tests send bad requests on purpose). */
    private static final Pattern QDROUTERD_REFUSED_REQUEST = Pattern.compile("AGENT \\(error\\) Error performing ");

    private final String id;
    private final RouterKind kind;
    private final ChildProcess child;
    private final int port;
    private boolean killed;

    private RouterProcess(String id, RouterKind kind, ChildProcess child, int port) {
        this.id = id;
        this.kind = kind;
        this.child = child;
        this.port = port;
    }

    /** Starts {@code bin/jrouterd --listen 127.0.0.1:0 --id <id>} and waits until it logs its port. */
    public static RouterProcess start(String id, Path folder) {
        return start(id, folder, List.of(Jrouterd.launcher().toString(), "--listen", "127.0.0.1:0", "--id", id));
    }

    /**
     * Starts a router with the given command line (a launcher and its arguments; it must listen on
     * {@code 127.0.0.1}, typically on port 0) and waits until it logs its port.
     */
    public static RouterProcess start(String id, Path folder, List<String> command) {
        return start(id, folder, command, "");
    }

    /**
     * As {@link #start(String, Path, List)}, with extra JVM options (e.g. {@code -Xmx256m}) after the leak
     * detection ones the tests always use.
     */
    public static RouterProcess start(String id, Path folder, List<String> command, String extraJavaOptions) {
        String javaOptions = extraJavaOptions.isBlank() ? JAVA_OPTS : JAVA_OPTS + " " + extraJavaOptions;
        ChildProcess child = ChildProcess.start("router " + id, command,
                Map.of("JAVA_OPTS", javaOptions), Jrouterd.home(), folder.resolve("router-" + id + ".log"));
        try {
            return new RouterProcess(id, RouterKind.JROUTERD, child, awaitPort(child));
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    /**
     * Starts a router of either kind from a configuration file whose listeners have fixed ports, and waits until
     * it listens on {@code 127.0.0.1:<port>} (its client listener's). Its log goes to {@code log}.
     */
    public static RouterProcess start(String id, RouterKind kind, Path config, Path log, int port) {
        return start(id, kind, kind.command(config), log, port);
    }

    /** As {@link #start(String, RouterKind, Path, Path, int)}, with the command given (another launcher). */
    public static RouterProcess start(String id, RouterKind kind, List<String> command, Path log, int port) {
        ChildProcess child = ChildProcess.start(kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id,
                command, Map.of("JAVA_OPTS", JAVA_OPTS), Jrouterd.home(), log);
        try {
            Optional<String> building = child.output().awaitLine(
                    line -> line.startsWith("jrouterd: building") || LISTENING.matcher(line).find(), START);
            Duration timeout = building.filter(line -> line.startsWith("jrouterd: building")).isPresent()
                    ? START_WHEN_BUILDING : START;
            child.awaitLine("'Listening on 127.0.0.1:" + port + "'", line -> {
                Matcher matcher = LISTENING.matcher(line);
                return matcher.find() && Integer.parseInt(matcher.group(1)) == port;
            }, timeout);
            return new RouterProcess(id, kind, child, port);
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    private static int awaitPort(ChildProcess child) {
        Optional<String> building = child.output().awaitLine(
                line -> line.startsWith("jrouterd: building") || LISTENING.matcher(line).find(), START);
        Duration timeout = building.filter(line -> line.startsWith("jrouterd: building")).isPresent()
                ? START_WHEN_BUILDING : START;
        String line = child.awaitLine("'Listening on 127.0.0.1:<port>'", l -> LISTENING.matcher(l).find(), timeout);
        Matcher matcher = LISTENING.matcher(line);
        if (!matcher.find()) {
            throw new IllegalStateException(line);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The router id given at start. */
    public String id() {
        return id;
    }

    /** Which router this is. */
    public RouterKind kind() {
        return kind;
    }

    /** The routers this router's log says it reaches now (see {@link RouterKind}); empty before it says. */
    public java.util.Set<String> reachable() {
        return kind.reachableInLog(id, child.output().lines());
    }

    /** The AMQP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The router's log so far. */
    public ProcessOutput log() {
        return child.output();
    }

    /**
     * The bound ports of the router's first {@code count} listeners, in the order it logged them: the order of
     * the configuration file (listeners bind one after another, in file order, before any connector starts),
     * then {@code --listen} options. Waits for that many {@code Listening on} lines.
     */
    public List<Integer> listeningPorts(int count) {
        int[] seen = {0};   // awaitLine tests each line once, in order
        child.awaitLine(count + " 'Listening on 127.0.0.1:<port>' lines",
                line -> LISTENING.matcher(line).find() && ++seen[0] == count, START);
        return child.output().lines().stream().map(LISTENING::matcher).filter(Matcher::find)
                .map(matcher -> Integer.parseInt(matcher.group(1))).limit(count).collect(Collectors.toList());
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return child.process().isAlive();
    }

    /**
     * Kills the router with SIGKILL, as a crash would: no AMQP Close, the kernel closes its sockets. Its log is
     * not checked, and {@link #close()} does nothing afterwards.
     */
    public void kill() {
        killed = true;
        child.kill();
    }

    /**
     * Waits for the router to exit on its own (a test made it fail) and returns its exit status; kills it and
     * fails when that takes longer than {@code timeout}. Its log is not checked, and {@link #close()} does nothing
     * afterwards.
     */
    public int awaitExit(Duration timeout) {
        killed = true;
        return child.awaitExit(timeout);
    }

    /**
     * Stops the router with SIGTERM and fails unless it exits 0 with a clean log; see the class comment. Does
     * nothing after {@link #kill()} or {@link #awaitExit}.
     */
    @Override
    public void close() {
        if (killed) {
            return;
        }
        if (!child.process().isAlive()) {
            child.output().awaitEnd(Duration.ofSeconds(5));
            throw child.failure("router " + id + " exited on its own with " + child.process().exitValue()
                    + " before the test stopped it");
        }
        provokeLeakReports();
        child.terminate();
        if (!child.waitFor(STOP)) {
            dumpThreads();
            child.kill();
            throw child.failure("router " + id + " did not exit within " + STOP + " of SIGTERM; killed it"
                    + " (thread dump: router-" + id + ".jcmd-Thread.print.txt next to the log)");
        }
        int code = child.awaitExit(STOP);
        List<String> bad = child.output().lines().stream()
                .filter(line -> BAD_LINE.matcher(line).find())
                .filter(line -> kind != RouterKind.QDROUTERD || !QDROUTERD_REFUSED_REQUEST.matcher(line).find())
                .collect(Collectors.toList());
        List<String> problems = new ArrayList<>();
        if (code != 0) {
            problems.add("exit code " + code + " after SIGTERM, expected 0"
                    + (code == 143 ? " (143 = 128 + SIGTERM: the JVM ended with the signal's status;"
                    + " a System.exit(0) cannot replace it once the signal has started the shutdown)"
                    : ""));
        }
        if (!bad.isEmpty()) {
            problems.add(bad.size() + " log line(s) that must not appear (LEAK:, (ERROR), uncaught exception):\n"
                    + String.join("\n", bad.subList(0, Math.min(20, bad.size()))).indent(4));
        }
        if (!problems.isEmpty()) {
            throw child.failure("router " + id + " did not stop cleanly: " + String.join("; ", problems));
        }
    }

    /**
     * Netty reports a leaked buffer only after the garbage collector has found it and the next buffer is
     * allocated. So: a full GC through {@code jcmd}, then one short AMQP connection (protocol header out, header
     * back, then closed: the router logs it as "connection aborted" at INFO), which makes the router allocate.
     * Best effort: problems here are left to the checks that follow.
     */
    private void provokeLeakReports() {
        jcmd("GC.run");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("AMQP".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 1, 0, 0});
            out.flush();
            InputStream in = socket.getInputStream();
            in.readNBytes(8);
        } catch (IOException e) {
            // The checks after SIGTERM say what is wrong, if anything.
        }
    }

    private void dumpThreads() {
        jcmd("Thread.print");
    }

    /** Runs {@code jcmd <pid> <command>} with the router's own JDK; its output goes next to the router log. */
    private void jcmd(String command) {
        Optional<Path> jcmd = child.process().info().command().map(Path::of)
                .map(java -> java.resolveSibling("jcmd")).filter(Files::isExecutable);
        if (jcmd.isEmpty()) {
            return;
        }
        Path out = child.output().file().resolveSibling("router-" + id + ".jcmd-" + command + ".txt");
        try (ChildProcess run = ChildProcess.start("jcmd " + command,
                List.of(jcmd.get().toString(), Long.toString(child.process().pid()), command),
                Map.of(), Jrouterd.home(), out)) {
            run.awaitExit(JCMD);
        } catch (AssertionError | RuntimeException e) {
            // Best effort; see provokeLeakReports.
        }
    }
}
