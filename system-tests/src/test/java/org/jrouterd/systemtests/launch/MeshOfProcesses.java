package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jrouterd.server.mesh.MeshLayout;

/**
 * A mesh of {@code bin/jrouterd} daemons, one process per router of a {@link MeshLayout}, on loopback with
 * ephemeral ports only:
 *
 * <pre>{@code
 * try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(3), logs.path()).start()) {
 *     mesh.awaitConverged(Duration.ofSeconds(20));
 *     int portOfA = mesh.clientPort("A");
 * }
 * }</pre>
 *
 * For each router it writes {@code <folder>/router-<id>.conf} in qdrouterd's format: a {@code router} section
 * (mode interior, the id, and any {@link Builder#routerAttribute extra attributes} such as the hello timers), a
 * normal listener on {@code 127.0.0.1:0} (its {@link #clientPort}), an inter-router listener on
 * {@code 127.0.0.1:0} if the router accepts a connection of the layout, one inter-router connector with the
 * connection's cost per connection it opens, and any {@link Builder#extraConfig extra sections}. Routers start in
 * the layout's order (a listening router comes before its connectors), so every connector is written with the
 * port its listening router logged. The logs go to {@code <folder>/router-<id>.log} ({@link RouterProcess}).
 *
 * <p>A connection's cost is set on the connector; the inter-router listener keeps cost 1. A connection costs the
 * larger of both ends' costs, so it costs what the layout says.
 *
 * <p>Convergence is read from the routers' logs: ROUTER_CORE logs {@code Routers reachable from <id>: [..]} at
 * info (shown by default) whenever a router's set of reachable routers changes; {@link #awaitConverged} waits
 * until every running router's latest such line names exactly the running routers that the layout connects it
 * to through running routers. Extra config that turns ROUTER_CORE's info off breaks that.
 *
 * <p>Closing stops every router still running, last started first, with SIGTERM, and fails unless each exits 0
 * with a clean log (see {@link RouterProcess#close()}); the others are stopped even when one fails.
 *
 * <p>Threads: not thread-safe; used by the test thread.
 */
public final class MeshOfProcesses implements AutoCloseable {

    private static final Pattern REACHABLE = Pattern.compile("Routers reachable from (\\S+): \\[(.*)\\]$");
    private static final Duration POLL = Duration.ofMillis(50);

    private final MeshLayout layout;
    private final Path folder;
    private final Map<String, String> routerAttributes;
    private final String extraConfig;
    private final Map<String, RouterProcess> running = new LinkedHashMap<>();
    private final Map<String, Integer> interRouterPorts = new LinkedHashMap<>();

    private MeshOfProcesses(Builder builder) {
        this.layout = builder.layout;
        this.folder = builder.folder;
        this.routerAttributes = Map.copyOf(builder.routerAttributes);
        this.extraConfig = builder.extraConfig.toString();
    }

    /** A mesh of {@code layout} whose configs and logs go to {@code folder} (a {@link TestLogFolder}). */
    public static Builder builder(MeshLayout layout, Path folder) {
        return new Builder(layout, folder);
    }

    /** Starts {@code layout} with qdrouterd's default timers. */
    public static MeshOfProcesses start(MeshLayout layout, Path folder) {
        return builder(layout, folder).start();
    }

    /** What to start: the layout, the folder, and additions to every router's configuration. */
    public static final class Builder {

        private final MeshLayout layout;
        private final Path folder;
        private final Map<String, String> routerAttributes = new LinkedHashMap<>();
        private final StringBuilder extraConfig = new StringBuilder();

        private Builder(MeshLayout layout, Path folder) {
            this.layout = Objects.requireNonNull(layout, "layout");
            this.folder = Objects.requireNonNull(folder, "folder");
        }

        /**
         * Adds an attribute to every router's {@code router} section, for example
         * {@code routerAttribute("helloMaxAgeSeconds", 3)}; {@code mode} and {@code id} are the launcher's.
         */
        public Builder routerAttribute(String name, Object value) {
            if (name.equals("mode") || name.equals("id")) {
                throw new IllegalArgumentException("the launcher sets the router's " + name);
            }
            routerAttributes.put(name, String.valueOf(value));
            return this;
        }

        /** Appends sections (qdrouterd's format, for example {@code address} sections) to every router's file. */
        public Builder extraConfig(String sections) {
            extraConfig.append('\n').append(sections.strip()).append('\n');
            return this;
        }

        /** Writes the configs and starts every router in the layout's order; stops them all if one fails. */
        public MeshOfProcesses start() {
            MeshOfProcesses mesh = new MeshOfProcesses(this);
            try {
                for (String id : layout.routers()) {
                    mesh.startRouter(id);
                }
            } catch (RuntimeException | Error e) {
                try {
                    mesh.close();
                } catch (RuntimeException | Error stopping) {
                    e.addSuppressed(stopping);
                }
                throw e;
            }
            return mesh;
        }
    }

    private void startRouter(String id) {
        Path config = folder.resolve("router-" + id + ".conf");
        try {
            Files.writeString(config, config(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        RouterProcess router = RouterProcess.start(id, folder,
                List.of(Jrouterd.launcher().toString(), "-c", config.toString()));
        running.put(id, router);
        if (layout.listens(id)) {
            // The normal listener comes first in the file, the inter-router one second.
            interRouterPorts.put(id, router.listeningPorts(2).get(1));
        }
    }

    /** The qdrouterd-style configuration of router {@code id}; inter-router ports of started routers only. */
    private String config(String id) {
        StringBuilder out = new StringBuilder();
        out.append("# Router ").append(id).append(" of ").append(describe()).append(", written by ")
                .append(MeshOfProcesses.class.getSimpleName()).append(".\n\n");
        out.append("router {\n    mode: interior\n    id: ").append(id).append('\n');
        routerAttributes.forEach((name, value) -> out.append("    ").append(name).append(": ").append(value)
                .append('\n'));
        out.append("}\n\n");
        out.append("listener {\n    name: clients\n    host: 127.0.0.1\n    port: 0\n    role: normal\n}\n\n");
        if (layout.listens(id)) {
            out.append("listener {\n    name: inter-router\n    host: 127.0.0.1\n    port: 0\n"
                    + "    role: inter-router\n}\n\n");
        }
        for (MeshLayout.Connection c : layout.connections()) {
            if (c.connector().equals(id)) {
                Integer port = interRouterPorts.get(c.listener());
                if (port == null) {
                    throw new IllegalStateException("router " + c.listener() + " has not started");
                }
                out.append("connector {\n    name: ").append(id).append("-to-").append(c.listener())
                        .append("\n    host: 127.0.0.1\n    port: ").append(port)
                        .append("\n    role: inter-router\n    cost: ").append(c.cost()).append("\n}\n\n");
            }
        }
        out.append(extraConfig);
        return out.toString();
    }

    private String describe() {
        return layout.connections().stream()
                .map(c -> c.listener() + "<-" + c.connector() + "(" + c.cost() + ")")
                .collect(Collectors.joining(", ", "mesh [", "]"));
    }

    /** The layout this mesh was started from. */
    public MeshLayout layout() {
        return layout;
    }

    /** A running router: its log, its process. */
    public RouterProcess router(String id) {
        RouterProcess router = running.get(id);
        if (router == null) {
            throw new IllegalArgumentException("router " + id + " is not running (running: " + running.keySet()
                    + ")");
        }
        return router;
    }

    /** The normal (client) listener's port of a running router, on 127.0.0.1. */
    public int clientPort(String id) {
        return router(id).port();
    }

    /** {@code 127.0.0.1:<client port>} of a running router. */
    public String hostPort(String id) {
        return router(id).hostPort();
    }

    /** The configuration file written for router {@code id}. */
    public Path configFile(String id) {
        return folder.resolve("router-" + id + ".conf");
    }

    /** The ids of the routers running now, in start order. */
    public List<String> running() {
        return new ArrayList<>(running.keySet());
    }

    /** Stops router {@code id} with SIGTERM; fails unless it exits 0 with a clean log. */
    public void stop(String id) {
        RouterProcess router = router(id);
        running.remove(id);
        router.close();
    }

    /** Kills router {@code id} with SIGKILL: its connections are cut without an AMQP Close. */
    public void kill(String id) {
        RouterProcess router = router(id);
        running.remove(id);
        router.kill();
    }

    /**
     * Waits until every running router reaches exactly the running routers that the layout connects it to through
     * running routers, as its latest {@code Routers reachable from <id>: [..]} log line says.
     *
     * @throws AssertionError if that does not happen in time; the message says what each router sees and expects
     */
    public void awaitConverged(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> wrong = new ArrayList<>();
            for (String id : running.keySet()) {
                RouterProcess router = running.get(id);
                if (!router.isAlive()) {
                    throw new AssertionError("router " + id + " is not running any more; see "
                            + router.log().file());
                }
                Set<String> expected = expectedReachable(id);
                Set<String> seen = reachableInLog(router);
                if (!seen.equals(expected)) {
                    wrong.add(id + " reaches " + seen + ", expected " + expected + " (" + router.log().file() + ")");
                }
            }
            if (wrong.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the mesh did not converge within " + timeout + ":\n  "
                        + String.join("\n  ", wrong));
            }
            try {
                Thread.sleep(POLL.toMillis());   // polling the logs under a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the mesh to converge", e);
            }
        }
    }

    /** The routers {@code id}'s latest reachability line names; empty before the first one. */
    static Set<String> reachableInLog(RouterProcess router) {
        Set<String> seen = new TreeSet<>();
        List<String> lines = router.log().lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher matcher = REACHABLE.matcher(lines.get(i));
            if (matcher.find() && matcher.group(1).equals(router.id())) {
                String list = matcher.group(2).trim();
                if (!list.isEmpty()) {
                    Arrays.stream(list.split(",")).map(String::trim).forEach(seen::add);
                }
                break;
            }
        }
        return seen;
    }

    /** Running routers other than {@code start} that layout connections between running routers lead to. */
    private Set<String> expectedReachable(String start) {
        List<String> seen = new ArrayList<>(List.of(start));
        for (int i = 0; i < seen.size(); i++) {
            String at = seen.get(i);
            for (MeshLayout.Connection c : layout.connections()) {
                String other = c.listener().equals(at) ? c.connector()
                        : c.connector().equals(at) ? c.listener() : null;
                if (other != null && running.containsKey(other) && !seen.contains(other)) {
                    seen.add(other);
                }
            }
        }
        Set<String> reachable = new TreeSet<>(seen);
        reachable.remove(start);
        return reachable;
    }

    /**
     * Stops every running router, last started first, each with SIGTERM and the checks of
     * {@link RouterProcess#close()}; throws the first failure (the others suppressed) after trying them all.
     */
    @Override
    public void close() {
        List<String> ids = new ArrayList<>(running.keySet());
        Throwable first = null;
        for (int i = ids.size() - 1; i >= 0; i--) {
            RouterProcess router = running.remove(ids.get(i));
            try {
                router.close();
            } catch (RuntimeException | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }
}
