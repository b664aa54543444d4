package org.jrouterd.server.management;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.mgmt.agent.EntitySource;
import org.jrouterd.mgmt.agent.EntityWriter;
import org.jrouterd.mgmt.agent.LogSource;
import org.jrouterd.mgmt.agent.ManagementAgent;
import org.jrouterd.mgmt.schema.EntitySchema;

/**
 * A router's management: the agent with the router's entities as its sources, and its endpoint attached to
 * {@code $management} in the core, so that requests to {@code $management} and
 * {@code _topo/0/<router-id>/$management} (from anywhere in the mesh) reach it.
 *
 * <p>Threads: created and closed by the thread that starts and stops the router; see the parts for the rest.
 */
public final class RouterManagement implements AutoCloseable {

    private static final LogEntities LOGS = new LogEntities();

    private final ManagementAgent agent;
    private final ManagementEndpoint endpoint;
    private final CoreProxy core;

    private RouterManagement(ManagementAgent agent, ManagementEndpoint endpoint, CoreProxy core) {
        this.agent = agent;
        this.endpoint = endpoint;
        this.core = core;
    }

    /**
     * Builds the agent and attaches it to {@code $management}.
     *
     * @param interior whether the router is part of a mesh: then GET-MGMT-NODES lists its own node with the other
     *                 routers' (qdstat --all-routers asks each node listed), as qdrouterd's does; a standalone
     *                 router lists none
     */
    public static RouterManagement start(String routerId, boolean interior, CoreProxy core, ForwardingTable forwarding,
                                         RouterEntities router, TransportEntities transport,
                                         RuntimeEntities runtime) {
        AtomicReference<ManagementAgent> agentRef = new AtomicReference<>();
        ManagementEndpoint endpoint = new ManagementEndpoint(routerId, request -> agentRef.get().handle(request),
                new ReplyForwarder(routerId, forwarding));
        Map<String, EntitySource> sources = new HashMap<>(Map.of(
                "router", () -> transport.routerCounts().thenCompose(router::router),
                "router.address", router::addresses,
                "router.node", router::nodes,
                "connection", transport::connections,
                "router.link", transport::links,
                "listener", runtime.listeners(),
                "connector", runtime.connectors(),
                "router.config.address", runtime.addresses(),
                "log", LOGS));
        sources.replaceAll((type, source) -> onManagementThread(source, endpoint.executor()));
        Map<String, EntityWriter> writers = Map.of(
                "listener", runtime.listeners(),
                "connector", runtime.connectors(),
                "router.config.address", runtime.addresses(),
                "connection", runtime.connections(),
                "log", LOGS);
        agentRef.set(new ManagementAgent(routerId, EntitySchema.qdrouterd(), sources,
                () -> managementNodes(routerId, interior, forwarding), LogSource.NONE, writers));
        ManagementAgent agent = agentRef.get();
        core.post(c -> c.attachConsumer(RouterCore.MANAGEMENT_ADDRESS, endpoint));
        return new RouterManagement(agent, endpoint, core);
    }

    /**
     * A source whose reads complete on the management thread: the core thread or an I/O thread reads the state it
     * owns, and the agent builds and encodes the response off the data path.
     */
    private static EntitySource onManagementThread(EntitySource source, Executor management) {
        return new EntitySource() {
            @Override
            public CompletableFuture<List<Map<String, Object>>> entities() {
                return source.entities().thenApplyAsync(Function.identity(), management);
            }

            @Override
            public CompletableFuture<List<Map<String, Object>>> find(String attribute, String value) {
                return source.find(attribute, value).thenApplyAsync(Function.identity(), management);
            }
        };
    }

    private static List<String> managementNodes(String routerId, boolean interior, ForwardingTable forwarding) {
        Set<String> routers = forwarding.reachableRouters();
        if (interior) {
            routers.add(routerId);
        }
        return List.copyOf(routers);
    }

    /** The agent (its counters, for tests and diagnostics). */
    public ManagementAgent agent() {
        return agent;
    }

    /** Detaches the agent and stops its thread. */
    @Override
    public void close() {
        core.post(c -> c.detachConsumer(RouterCore.MANAGEMENT_ADDRESS, endpoint));
        endpoint.close();
    }
}
