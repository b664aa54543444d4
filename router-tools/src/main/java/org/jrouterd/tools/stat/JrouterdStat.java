package org.jrouterd.tools.stat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jrouterd.tools.ToolOutput;
import org.jrouterd.tools.UsageErrors;
import org.jrouterd.tools.client.BusAddress;
import org.jrouterd.tools.client.ManagementNode;
import org.jrouterd.tools.client.ToolFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrouterd-stat} (installed also as {@code qdstat}): qdstat 1.19's command line. One view at most
 * ({@code -g} when none), one target at most ({@code -r}, {@code -d} or {@code --all-routers}); exit 0 when the
 * view printed, 1 after a failure line ({@code Timeout: ...}, {@code NotFoundStatus: ...}), 2 for a usage error.
 *
 * <p>Threads: confined to the thread that calls {@link #run}.
 */
@Command(name = "qdstat", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Shows the state of an AMQP router (jrouterd or qdrouterd) as qdstat does.")
public final class JrouterdStat implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "show program's version number and exit")
    boolean version;

    @Option(names = {"-v", "--verbose"}, description = "Show maximum detail")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-g", "--general"}, description = "Show General Router Stats")
    boolean general;
    @Option(names = {"-c", "--connections"}, description = "Show Connections")
    boolean connections;
    @Option(names = {"-l", "--links"}, description = "Show Router Links")
    boolean links;
    @Option(names = {"-n", "--nodes"}, description = "Show Router Nodes")
    boolean nodes;
    @Option(names = {"-e", "--edge"}, description = "Show edge connections")
    boolean edge;
    @Option(names = {"-a", "--address"}, description = "Show Router Addresses")
    boolean address;
    @Option(names = {"-m", "--memory"}, description = "Show Router Memory Stats")
    boolean memory;
    @Option(names = "--autolinks", description = "Show Auto Links")
    boolean autolinks;
    @Option(names = "--linkroutes", description = "Show Link Routes")
    boolean linkroutes;
    @Option(names = "--log", description = "Show recent log entries")
    boolean log;

    @Option(names = "--all-routers", description = "Show entities for all routers in network.")
    boolean allRouters;
    @Option(names = {"-r", "--router"}, paramLabel = "ROUTER-ID", description = "Router to be queried")
    String router;
    @Option(names = {"-d", "--edge-router"}, paramLabel = "EDGE-ROUTER-ID", description = "Edge Router to be queried")
    String edgeRouter;

    @Option(names = "--limit", paramLabel = "LIMIT",
            description = "Limit number of output rows. Unlimited if limit is zero or if limit not specified")
    Integer limit;
    @Option(names = "--csv", description = "Render tabular output in csv format")
    boolean csv;

    @Option(names = {"-b", "--bus"}, paramLabel = "URL", defaultValue = "0.0.0.0",
            description = "URL of the messaging bus to connect to default ${DEFAULT-VALUE}")
    String bus;
    @Option(names = {"-t", "--timeout"}, paramLabel = "SECS", defaultValue = "5",
            description = "Maximum time to wait for connection in seconds default ${DEFAULT-VALUE}")
    double timeout;
    @Option(names = "--sasl-mechanisms", paramLabel = "SASL-MECHANISMS",
            description = "Allowed sasl mechanisms to be supplied during the sasl handshake (ANONYMOUS).")
    String saslMechanisms;

    private final PrintWriter out;
    private final Clock clock;

    JrouterdStat(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Runs qdstat with {@code args}, printing to {@code stdout} and {@code stderr}; returns the exit status. */
    public static int run(String[] args, PrintStream stdout, PrintStream stderr, Clock clock) {
        PrintWriter out = ToolOutput.on(stdout);
        CommandLine line = UsageErrors.install(new CommandLine(new JrouterdStat(out, clock)));
        line.setOut(new PrintWriter(stdout, true));
        line.setErr(new PrintWriter(stderr, true));
        int status = line.execute(args);
        out.flush();
        return status;
    }

    /** The command-line entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemDefaultZone()));
    }

    @Override
    public Integer call() {
        Map<String, Boolean> views = new LinkedHashMap<>();
        views.put("-g/--general", general);
        views.put("-c/--connections", connections);
        views.put("-l/--links", links);
        views.put("-n/--nodes", nodes);
        views.put("-e/--edge", edge);
        views.put("-a/--address", address);
        views.put("-m/--memory", memory);
        views.put("--autolinks", autolinks);
        views.put("--linkroutes", linkroutes);
        views.put("--log", log);
        List<String> chosen = new ArrayList<>();
        views.forEach((name, on) -> {
            if (on) {
                chosen.add(name);
            }
        });
        List<String> targets = new ArrayList<>();
        if (allRouters) {
            targets.add("--all-routers");
        }
        if (router != null) {
            targets.add("-r/--router");
        }
        if (edgeRouter != null) {
            targets.add("-d/--edge-router");
        }
        for (List<String> group : List.of(chosen, targets)) {
            if (group.size() > 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "argument " + group.get(1) + ": not allowed with argument " + group.get(0));
            }
        }
        String view = chosen.isEmpty() ? "-g/--general" : chosen.get(0);
        StatOptions options = new StatOptions(csv, limit, verbose.length > 0);
        try (ManagementNode node = ManagementNode.connect(BusAddress.parse(bus), router, edgeRouter,
                Duration.ofMillis((long) (timeout * 1000)), saslMechanisms)) {
            ConfigViews views2 = new ConfigViews(node, options, out, clock);
            display(node, views2, view);
            return 0;
        } catch (ToolFailure e) {
            out.print(e.line() + "\n");
            return 1;
        } catch (RuntimeException e) {
            out.print(e.getClass().getSimpleName() + ": " + e.getMessage() + "\n");
            return 1;
        }
    }

    private void display(ManagementNode node, ConfigViews views, String view) {
        Object all = node.nodeOperation("GET-MGMT-NODES", null);
        List<?> mgmtNodes = all instanceof List<?> list ? list : List.of();
        boolean hasNodes = mgmtNodes.size() >= 2;
        if (allRouters && hasNodes) {
            views.println(views.utcNow());
            for (Object each : mgmtNodes) {
                String address = String.valueOf(each);
                node.useNode(address.length() > 6 ? address.substring(6) : "");
                String[] parts = address.split("/", -1);
                views.println("Router  " + (parts.length > 3 ? parts[3] : ""));
                views.println("");
                show(views, view, false);
                views.println("");
            }
        } else {
            show(views, view, true);
        }
    }

    private static void show(ConfigViews views, String view, boolean showDateId) {
        switch (view) {
            case "-c/--connections" -> views.connections(showDateId);
            case "-l/--links" -> views.links(showDateId);
            case "-n/--nodes" -> views.nodes(showDateId);
            case "-e/--edge" -> views.edges(showDateId);
            case "-a/--address" -> views.addresses(showDateId);
            case "-m/--memory" -> views.memory(showDateId);
            case "--autolinks" -> views.autolinks(showDateId);
            case "--linkroutes" -> views.linkRoutes(showDateId);
            case "--log" -> views.log();
            default -> views.general(showDateId);
        }
    }
}
