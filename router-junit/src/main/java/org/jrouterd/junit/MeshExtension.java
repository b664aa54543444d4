package org.jrouterd.junit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jrouterd.server.Router;
import org.jrouterd.server.mesh.EmbeddedMesh;
import org.jrouterd.server.mesh.MeshLayout;

/**
 * A small mesh of interior jrouterd routers for a JUnit 5 test, all in this JVM on {@code 127.0.0.1} at ports
 * the system picks. Like {@link RouterExtension}: a {@code static} field serves the whole class, an instance
 * field gives each test a fresh mesh; a failing test's exception gets every router's recent log lines (each
 * line names its thread, and a router's threads are named after it: {@code jrouterd-core-A}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MeshExtension MESH = MeshExtension.create(MeshLayout.line(2));   // routers A and B
 *
 * @Test
 * void orderCrossesTheMesh() throws Exception {
 *     // a consumer on "orders" connected to MESH.url("B"), then:
 *     MESH.awaitConsumer("A", "orders");   // A routes "orders" to B's consumer
 *     // a producer connected to MESH.url("A") sends to "orders"
 * }
 * }</pre>
 *
 * <p>The extension starts the routers in the layout's order and waits until the mesh has converged (every router
 * reaches every other) before the tests run.
 *
 * <p>Threads: JUnit's thread starts and stops the mesh; the accessors and waits may be called from any thread
 * while it runs; {@link #mesh()}'s stop and restart only from the test's thread.
 */
public final class MeshExtension extends RouterLifecycle {

    private static final String HOST = "127.0.0.1";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final Duration CONVERGENCE_WAIT = Duration.ofSeconds(20);

    private final MeshLayout layout;
    private final Consumer<Router.Builder> customizer;
    private volatile EmbeddedMesh mesh;

    private MeshExtension(MeshLayout layout, Consumer<Router.Builder> customizer) {
        this.layout = layout;
        this.customizer = customizer;
    }

    /**
     * A mesh of the given shape ({@link MeshLayout#line}, {@link MeshLayout#triangle}, {@link MeshLayout#diamond},
     * {@link MeshLayout#fullMesh}, or any layout) with qdrouterd's default timers.
     */
    public static MeshExtension create(MeshLayout layout) {
        return create(layout, builder -> { });
    }

    /**
     * A mesh whose routers are each configured by {@code customizer} ({@code address} entries, timers...) before
     * they start. Each router's id, mode, listeners and connectors are already set.
     */
    public static MeshExtension create(MeshLayout layout, Consumer<Router.Builder> customizer) {
        return new MeshExtension(Objects.requireNonNull(layout, "layout"),
                Objects.requireNonNull(customizer, "customizer"));
    }

    @Override
    void startRouters(RouterLog routerLog) {
        layout.routers().forEach(routerLog::watchRouter);
        EmbeddedMesh started = EmbeddedMesh.start(layout, builder -> {
            customizer.accept(builder);
            return builder;
        });
        mesh = started;
        try {
            awaitConverged(CONVERGENCE_WAIT);
        } catch (AssertionError e) {
            mesh = null;
            started.close();
            throw e;
        }
    }

    @Override
    void stopRouters() {
        EmbeddedMesh running = mesh;
        mesh = null;
        running.close();
    }

    @Override
    String describe() {
        return "mesh " + String.join(", ", layout.routers());
    }

    /** The running mesh, to stop and restart routers ({@link EmbeddedMesh#stop}, {@link EmbeddedMesh#restart}). */
    public EmbeddedMesh mesh() {
        EmbeddedMesh running = mesh;
        if (running == null) {
            throw notRunning();
        }
        return running;
    }

    /** A running router of the mesh by id. */
    public Router router(String id) {
        return mesh().router(id);
    }

    /** The URL of router {@code id} to give an AMQP 1.0 client: {@code amqp://127.0.0.1:<port>}. */
    public String url(String id) {
        return "amqp://" + HOST + ":" + port(id);
    }

    /** The host the routers listen on: {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The port of router {@code id}'s listener for clients. */
    public int port(String id) {
        return router(id).port();
    }

    /**
     * Waits until every running router reaches every other one the layout connects it to through running routers
     * (after {@link EmbeddedMesh#stop} or {@link EmbeddedMesh#restart}; the extension waits for it at the start).
     *
     * @throws AssertionError if that does not happen in time, saying who misses whom
     */
    public void awaitConverged(Duration timeout) {
        try {
            mesh().awaitConverged(timeout);
        } catch (IllegalStateException e) {
            throw new AssertionError(describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits up to 10 s until router {@code at} can route {@code address} to a consumer: one attached to it, or
     * one attached to another router of the mesh that {@code at} has heard of.
     *
     * @throws AssertionError if it cannot, naming the address, the router and what each router sees
     */
    public void awaitConsumer(String at, String address) {
        awaitConsumer(at, address, DEFAULT_WAIT);
    }

    /**
     * Waits until router {@code at} can route {@code address} to a consumer anywhere in the mesh.
     *
     * @throws AssertionError if it cannot after {@code timeout}, naming the address, the router and what each
     *                        router sees
     */
    public void awaitConsumer(String at, String address, Duration timeout) {
        Router r = router(at);
        Deadline.await(timeout, () -> r.consumerCount(address) > 0 || r.remoteDestinationCount(address) > 0,
                () -> "router " + at + " of the " + describe() + " knows no consumer of '" + address + "' after "
                        + Deadline.say(timeout) + ": " + seenByEach(address));
    }

    private String seenByEach(String address) {
        EmbeddedMesh running = mesh();
        return running.running().stream().map(id -> {
            Router r = running.router(id);
            String reaches = running.running().stream().filter(other -> !other.equals(id) && r.reaches(other))
                    .collect(Collectors.joining(", "));
            return id + " has " + r.consumerCount(address) + " local consumer(s) and knows "
                    + r.remoteDestinationCount(address) + " other router(s) with one, reaches ["
                    + reaches + "]";
        }).collect(Collectors.joining("; "));
    }
}
