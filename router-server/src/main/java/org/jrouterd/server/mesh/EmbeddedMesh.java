package org.jrouterd.server.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jrouterd.server.Router;
import org.jrouterd.server.RouterMode;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.ListenerSpec;

/**
 * A mesh of interior routers embedded in this JVM, on loopback with ephemeral ports, for tests:
 *
 * <pre>{@code
 * try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.line(3))) {
 *     mesh.awaitConverged(Duration.ofSeconds(20));
 *     int portOfA = mesh.router("A").port();   // clients connect here
 * }
 * }</pre>
 *
 * Every router has a normal listener (its {@link Router#port()}); a router that accepts inter-router connections
 * also has an inter-router listener. Routers start in the layout's order, each connector pointing at the
 * listening router's bound port. A router can be stopped ({@link #stop}) and started again ({@link #restart}).
 *
 * <p>Threads: not thread-safe; use from the test thread.
 */
public final class EmbeddedMesh implements AutoCloseable {

    private final MeshLayout layout;
    private final UnaryOperator<Router.Builder> customizer;
    private final Dialer dialer;
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<String, Integer> interRouterPorts = new LinkedHashMap<>();
    private final Map<String, Integer> clientPorts = new LinkedHashMap<>();

    private EmbeddedMesh(MeshLayout layout, UnaryOperator<Router.Builder> customizer, Dialer dialer) {
        this.layout = layout;
        this.customizer = customizer;
        this.dialer = dialer;
    }

    /**
     * Chooses the port a connector dials for one inter-router connection: the listener's port, or that of
     * something in between (a relay a test can cut).
     */
    @FunctionalInterface
    public interface Dialer {
        int portFor(MeshLayout.Connection connection, int listenerPort);
    }

    /** Starts every router of the layout with qdrouterd's default timers. */
    public static EmbeddedMesh start(MeshLayout layout) {
        return start(layout, UnaryOperator.identity());
    }

    /**
     * Starts every router of the layout; {@code customizer} may add to each router's builder (addresses,
     * timers) before it starts.
     */
    public static EmbeddedMesh start(MeshLayout layout, UnaryOperator<Router.Builder> customizer) {
        return start(layout, customizer, (connection, port) -> port);
    }

    /** Starts every router of the layout; connectors dial the port {@code dialer} gives. */
    public static EmbeddedMesh start(MeshLayout layout, UnaryOperator<Router.Builder> customizer, Dialer dialer) {
        EmbeddedMesh mesh = new EmbeddedMesh(layout, customizer, dialer);
        try {
            for (String id : layout.routers()) {
                mesh.startRouter(id);
            }
        } catch (RuntimeException e) {
            mesh.close();
            throw e;
        }
        return mesh;
    }

    private void startRouter(String id) {
        Router.Builder builder = Router.builder().id(id).mode(RouterMode.INTERIOR)
                .listener(ListenerSpec.defaults("127.0.0.1", clientPorts.getOrDefault(id, 0)));
        if (layout.listens(id)) {
            builder.listener(ListenerSpec.defaults("127.0.0.1", interRouterPorts.getOrDefault(id, 0))
                    .withRole(ConnectionRole.INTER_ROUTER));
        }
        for (MeshLayout.Connection c : layout.connections()) {
            if (c.connector().equals(id)) {
                Integer port = interRouterPorts.get(c.listener());
                if (port == null) {
                    throw new IllegalStateException("router " + c.listener() + " has never started");
                }
                builder.connector(ConnectorSpec.defaults(id + "-to-" + c.listener(), "127.0.0.1",
                                dialer.portFor(c, port))
                        .withRole(ConnectionRole.INTER_ROUTER).withCost(c.cost()));
            }
        }
        Router router = customizer.apply(builder).start();
        routers.put(id, router);
        clientPorts.put(id, router.listenAddresses().get(0).getPort());
        if (layout.listens(id)) {
            interRouterPorts.put(id, router.listenAddresses().get(1).getPort());
        }
    }

    /** The layout this mesh was started from. */
    public MeshLayout layout() {
        return layout;
    }

    /** A running router by id. */
    public Router router(String id) {
        Router router = routers.get(id);
        if (router == null) {
            throw new IllegalArgumentException("router " + id + " is not running");
        }
        return router;
    }

    /** The ids of the routers running now, in start order. */
    public List<String> running() {
        return new ArrayList<>(routers.keySet());
    }

    /** Stops one router (clean shutdown: its connections are closed with an AMQP Close). */
    public void stop(String id) {
        Router router = routers.remove(id);
        if (router != null) {
            router.close();
        }
    }

    /** Starts a stopped router again on the same ports (a new instance, as after a restart). */
    public Router restart(String id) {
        if (routers.containsKey(id)) {
            throw new IllegalStateException("router " + id + " is running");
        }
        startRouter(id);
        return routers.get(id);
    }

    /**
     * Waits until every running router reaches every other running router that the layout connects it to
     * through running routers.
     *
     * @throws IllegalStateException if that does not happen in time; the message says who misses whom
     */
    public void awaitConverged(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing;
        while ((missing = firstMissingPath()) != null) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("mesh did not converge in " + timeout + ": " + missing);
            }
            try {
                Thread.sleep(20);   // polling a condition under a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private String firstMissingPath() {
        for (String from : routers.keySet()) {
            for (String to : connectedTo(from)) {
                if (!to.equals(from) && !routers.get(from).reaches(to)) {
                    return from + " does not reach " + to;
                }
            }
        }
        return null;
    }

    /** Running routers reachable from {@code start} over layout connections between running routers. */
    private List<String> connectedTo(String start) {
        List<String> seen = new ArrayList<>(List.of(start));
        for (int i = 0; i < seen.size(); i++) {
            String at = seen.get(i);
            for (MeshLayout.Connection c : layout.connections()) {
                String other = c.listener().equals(at) ? c.connector() : c.connector().equals(at) ? c.listener() : null;
                if (other != null && routers.containsKey(other) && !seen.contains(other)) {
                    seen.add(other);
                }
            }
        }
        return seen;
    }

    /** Stops every router, last started first. */
    @Override
    public void close() {
        List<String> ids = new ArrayList<>(routers.keySet());
        for (int i = ids.size() - 1; i >= 0; i--) {
            stop(ids.get(i));
        }
    }
}
