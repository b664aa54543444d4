package org.jrouterd.systemtests.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;

/**
 * Runs {@code oslo_scenarios.py} roles (Debian's python3-oslo.messaging and python3-pyngus, run with
 * {@code /usr/bin/python3}) and reads what they print. Test code; one thread.
 */
public final class Oslo {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String INSTALL = "install the Debian packages python3-oslo.messaging and python3-pyngus";
    private static final Pattern CALLS = Pattern.compile("calls ok=(\\d+) wrong=(\\d+) failed=(\\d+) seconds=(\\S+)");
    private static final Pattern PROGRESS = Pattern.compile("progress ok=(\\d+) failed=(\\d+)");

    /** The tally of a {@code calls} or {@code calls-for} run. */
    public record Calls(int ok, int wrong, int failed, double seconds, List<String> errors) {
    }

    private final Path folder;
    private final Map<String, String> env;
    private int started;

    public Oslo(Path folder) {
        this(folder, null);
    }

    /** @param configFile an oslo.config file for the driver's own options (e.g. TLS), or null */
    public Oslo(Path folder, Path configFile) {
        this.folder = folder;
        Map<String, String> vars = new java.util.HashMap<>(Map.of("PYTHONUNBUFFERED", "1",
                "PYTHONDONTWRITEBYTECODE", "1"));
        if (configFile != null) {
            vars.put("OSLO_CONFIG_FILE", configFile.toString());
        }
        this.env = Map.copyOf(vars);
        try (ChildProcess check = ChildProcess.start("import oslo_messaging",
                List.of(PYTHON.toString(), "-c", "import oslo_messaging, pyngus"), Map.of(), folder,
                folder.resolve("oslo-import.out"))) {
            if (check.awaitExit(Duration.ofSeconds(60)) != 0) {
                throw check.failure(PYTHON + " cannot import oslo_messaging and pyngus: " + INSTALL);
            }
        }
    }

    /** Starts one role of the script; its output goes to {@code <name>.out} in the test's folder. */
    public ChildProcess start(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script().toString()));
        command.addAll(List.of(args));
        started++;
        return ChildProcess.start(name, command, env, folder, folder.resolve(started + "-" + name + ".out"));
    }

    /** Starts an RPC server and waits until it listens. */
    public ChildProcess server(String url, String topic, String name, int seconds) {
        ChildProcess server = start("server-" + name, "server", url, topic, name, String.valueOf(seconds));
        server.awaitLine("'ready " + name + "'", line -> line.equals("ready " + name), Duration.ofSeconds(60));
        return server;
    }

    /** Runs a {@code calls} role to its end and returns its tally. */
    public Calls calls(String url, String topic, int count, int threads, int timeoutSeconds, String server) {
        List<String> args = new ArrayList<>(List.of("calls", url, topic, String.valueOf(count),
                String.valueOf(threads), String.valueOf(timeoutSeconds)));
        if (server != null) {
            args.add(server);
        }
        try (ChildProcess calls = start("calls", args.toArray(String[]::new))) {
            calls.awaitExitCode(0, Duration.ofSeconds(240));
            return tally(calls);
        }
    }

    /** The tally a finished {@code calls} or {@code calls-for} role printed. */
    public static Calls tally(ChildProcess calls) {
        List<String> lines = calls.output().lines();
        for (String line : lines) {
            Matcher m = CALLS.matcher(line);
            if (m.matches()) {
                return new Calls(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Double.parseDouble(m.group(4)),
                        lines.stream().filter(l -> l.startsWith("error ")).toList());
            }
        }
        throw calls.failure("no 'calls ...' line");
    }

    /** The latest {@code progress} of a running {@code calls-for} role: {ok, failed}, or {0, 0} before any. */
    public static int[] progress(ChildProcess callsFor) {
        List<String> lines = callsFor.output().lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = PROGRESS.matcher(lines.get(i));
            if (m.matches()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            }
        }
        return new int[] {0, 0};
    }

    /** Waits until a running {@code calls-for} role has made {@code ok} successful calls in all. */
    public static void awaitOk(ChildProcess callsFor, int ok, Duration timeout) {
        callsFor.awaitLine(ok + " successful calls", line -> {
            Matcher m = PROGRESS.matcher(line);
            return m.matches() && Integer.parseInt(m.group(1)) >= ok;
        }, timeout);
    }

    /** The {@code address} sections of the shipped {@code conf/openstack-rpc.conf}, for every router of a mesh. */
    public static String shippedAddressSections() {
        try {
            String shipped = Files.readString(Jrouterd.home().resolve("conf/openstack-rpc.conf"));
            Matcher m = Pattern.compile("(?ms)^address \\{.*?^\\}").matcher(shipped);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                out.append(m.group()).append("\n\n");
            }
            assertThat(out).as("address sections in the shipped openstack-rpc.conf").isNotEmpty();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path script() {
        return Jrouterd.home().resolve("system-tests/src/test/resources/oslo_scenarios.py");
    }
}
