package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jrouterd.server.mesh.MeshLayout;

/**
 * A mesh of router daemons, one process per router of a {@link MeshLayout}, on loopback: {@code bin/jrouterd} by
 * default, or any router a {@link RouterKind} names, so that jrouterd and qdrouterd can be mixed:
 *
 * <pre>{@code
 * try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(3), logs.path())
 *         .kind("B", RouterKind.QDROUTERD).start()) {
 *     mesh.awaitConverged(Duration.ofSeconds(20));
 *     int portOfA = mesh.clientPort("A");
 *     mesh.replace("B", RouterKind.JROUTERD);   // same configuration file, same ports
 * }
 * }</pre>
 *
 * Every port is chosen before the first router starts ({@link FreePort}: an ephemeral port of 127.0.0.1 that the
 * kernel handed out), so each router's file is complete from the start, and a router can be stopped and started
 * again, or replaced by the other kind, with the same file, as an operator would. For each router it writes
 * {@code <folder>/router-<id>.conf} in qdrouterd's format: a {@code router} section (mode interior, the id, and any
 * {@link Builder#routerAttribute extra attributes} such as the hello timers), a normal listener named
 * {@code clients} (its {@link #clientPort}), a listener named {@code inter-router} if the router accepts a
 * connection of the layout, one inter-router connector with the connection's cost per connection it opens, and any
 * {@link Builder#extraConfig extra sections}. The logs go to {@code <folder>/router-<id>.log}, then
 * {@code router-<id>.2.log} and so on for later starts of the same id.
 *
 * <p>A connection's cost is set on the connector; the inter-router listener keeps cost 1. A connection costs the
 * larger of both ends' costs, so it costs what the layout says.
 *
 * <p>Convergence is read from the routers' logs (what each kind logs is in {@link RouterKind});
 * {@link #awaitConverged} waits until every running router's latest such line names exactly the running routers
 * that the layout connects it to through running routers. Extra config that turns that logging off breaks it.
 *
 * <p>Closing stops every router still running, last started first, with SIGTERM, and fails unless each exits 0
 * with a clean log (see {@link RouterProcess#close()}); the others are stopped even when one fails.
 *
 * <p>Threads: not thread-safe; used by the test thread.
 */
public final class MeshOfProcesses implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final MeshLayout layout;
    private final Path folder;
    private final Map<String, String> routerAttributes;
    private final Map<String, String> extraConfig;
    private final Map<String, RouterKind> kinds;
    private final Map<String, RouterProcess> running = new LinkedHashMap<>();
    private final Map<String, Integer> clientPorts = new LinkedHashMap<>();
    private final Map<String, Integer> interRouterPorts = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();
    private final Path jrouterdLauncher;

    private MeshOfProcesses(Builder builder) {
        this.jrouterdLauncher = builder.jrouterdLauncher;
        this.layout = builder.layout;
        this.folder = builder.folder;
        this.routerAttributes = Map.copyOf(builder.routerAttributes);
        this.extraConfig = Map.copyOf(builder.extraConfig);
        this.kinds = new LinkedHashMap<>(builder.kinds);
    }

    /** A mesh of {@code layout} whose configs and logs go to {@code folder} (a {@link TestLogFolder}). */
    public static Builder builder(MeshLayout layout, Path folder) {
        return new Builder(layout, folder);
    }

    /** Starts {@code layout} with qdrouterd's default timers. */
    public static MeshOfProcesses start(MeshLayout layout, Path folder) {
        return builder(layout, folder).start();
    }

    /** What to start: the layout, the folder, the kind of each router, and additions to their configuration. */
    public static final class Builder {

        private final MeshLayout layout;
        private final Path folder;
        private final Map<String, String> routerAttributes = new LinkedHashMap<>();
        private final Map<String, String> extraConfig = new LinkedHashMap<>();
        private final Map<String, RouterKind> kinds = new LinkedHashMap<>();
        private final Set<String> deferred = new TreeSet<>();
        private Path jrouterdLauncher;

        private Builder(MeshLayout layout, Path folder) {
            this.layout = Objects.requireNonNull(layout, "layout");
            this.folder = Objects.requireNonNull(folder, "folder");
            layout.routers().forEach(id -> kinds.put(id, RouterKind.JROUTERD));
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
            layout.routers().forEach(id -> extraConfig(id, sections));
            return this;
        }

        /** Appends sections to router {@code id}'s file. */
        public Builder extraConfig(String id, String sections) {
            requireRouter(id);
            extraConfig.merge(id, "\n" + sections.strip() + "\n", String::concat);
            return this;
        }

        /** Which router runs as {@code id} when the mesh starts; jrouterd unless said otherwise. */
        public Builder kind(String id, RouterKind kind) {
            requireRouter(id);
            kinds.put(id, Objects.requireNonNull(kind, "kind"));
            return this;
        }

        /** Starts jrouterd routers with this launcher (e.g. {@link Distribution#launcher()}) instead of the checkout's. */
        public Builder jrouterdLauncher(Path launcher) {
            this.jrouterdLauncher = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        /** Writes {@code id}'s file but does not start it with the others: {@link #startRouter} starts it later. */
        public Builder deferred(String id) {
            requireRouter(id);
            deferred.add(id);
            return this;
        }

        private void requireRouter(String id) {
            if (!layout.routers().contains(id)) {
                throw new IllegalArgumentException("no router " + id + " in " + layout.routers());
            }
        }

        /**
         * {@link #start()}, then {@link MeshOfProcesses#awaitConverged}; stops every router if the mesh does not
         * converge in time.
         */
        public MeshOfProcesses startConverged(Duration timeout) {
            MeshOfProcesses mesh = start();
            try {
                mesh.awaitConverged(timeout);
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

        /** Writes the configs and starts every router in the layout's order; stops them all if one fails. */
        public MeshOfProcesses start() {
            MeshOfProcesses mesh = new MeshOfProcesses(this);
            try {
                mesh.writeConfigs();
                for (String id : layout.routers()) {
                    if (!deferred.contains(id)) {
                        mesh.startRouter(id);
                    }
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

    private void writeConfigs() {
        for (String id : layout.routers()) {
            clientPorts.put(id, FreePort.onLoopback());
            if (layout.listens(id)) {
                interRouterPorts.put(id, FreePort.onLoopback());
            }
        }
        for (String id : layout.routers()) {
            Path config = configFile(id);
            try {
                Files.writeString(config, config(id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + config, e);
            }
        }
    }

    /**
     * Starts router {@code id} (deferred, or stopped or killed before) from its file as the kind it was last, and
     * waits until it listens; it does not wait for the mesh to converge.
     */
    public RouterProcess startRouter(String id) {
        return startRouter(id, kind(id));
    }

    /** Starts router {@code id} from its file as {@code kind}; see {@link #startRouter(String)}. */
    public RouterProcess startRouter(String id, RouterKind kind) {
        if (running.containsKey(id)) {
            throw new IllegalStateException("router " + id + " is already running");
        }
        kinds.put(id, kind);
        int start = starts.merge(id, 1, Integer::sum);
        Path log = folder.resolve("router-" + id + (start == 1 ? "" : "." + start) + ".log");
        List<String> command = kind == RouterKind.JROUTERD && jrouterdLauncher != null
                ? List.of(jrouterdLauncher.toString(), "-c", configFile(id).toString()) : kind.command(configFile(id));
        RouterProcess router = RouterProcess.start(id, kind, command, log, clientPort(id));
        running.put(id, router);
        return router;
    }

    /**
     * Replaces running router {@code id} by a router of {@code kind} with the same file: SIGTERM (checked as
     * {@link #stop} checks it), then a start as {@link #startRouter(String, RouterKind)}.
     */
    public RouterProcess replace(String id, RouterKind kind) {
        stop(id);
        return startRouter(id, kind);
    }

    /** Which router runs (or ran last) as {@code id}. */
    public RouterKind kind(String id) {
        RouterKind kind = kinds.get(id);
        if (kind == null) {
            throw new IllegalArgumentException("no router " + id + " in " + layout.routers());
        }
        return kind;
    }

    /** The qdrouterd-style configuration of router {@code id}, with every port already chosen. */
    private String config(String id) {
        StringBuilder out = new StringBuilder();
        out.append("# Router ").append(id).append(" of ").append(describe()).append(", written by ")
                .append(MeshOfProcesses.class.getSimpleName()).append(".\n\n");
        out.append("router {\n    mode: interior\n    id: ").append(id).append('\n');
        routerAttributes.forEach((name, value) -> out.append("    ").append(name).append(": ").append(value)
                .append('\n'));
        out.append("}\n\n");
        out.append("listener {\n    name: clients\n    host: 127.0.0.1\n    port: ").append(clientPorts.get(id))
                .append("\n    role: normal\n}\n\n");
        if (layout.listens(id)) {
            out.append("listener {\n    name: inter-router\n    host: 127.0.0.1\n    port: ")
                    .append(interRouterPorts.get(id)).append("\n    role: inter-router\n}\n\n");
        }
        for (MeshLayout.Connection c : layout.connections()) {
            if (c.connector().equals(id)) {
                out.append("connector {\n    name: ").append(id).append("-to-").append(c.listener())
                        .append("\n    host: 127.0.0.1\n    port: ").append(interRouterPorts.get(c.listener()))
                        .append("\n    role: inter-router\n    cost: ").append(c.cost()).append("\n}\n\n");
            }
        }
        out.append(extraConfig.getOrDefault(id, ""));
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

    /** The normal (client) listener's port of router {@code id}, on 127.0.0.1, running or not. */
    public int clientPort(String id) {
        Integer port = clientPorts.get(id);
        if (port == null) {
            throw new IllegalArgumentException("no router " + id + " in " + layout.routers());
        }
        return port;
    }

    /** {@code 127.0.0.1:<client port>} of router {@code id}, running or not. */
    public String hostPort(String id) {
        return "127.0.0.1:" + clientPort(id);
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
     * running routers, as its latest reachability log line says ({@link RouterKind}).
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
                Set<String> seen = router.reachable();
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
