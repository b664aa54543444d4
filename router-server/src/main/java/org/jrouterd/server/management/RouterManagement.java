package org.jrouterd.server.management;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.mgmt.agent.EntitySource;
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

    private final ManagementAgent agent;
    private final ManagementEndpoint endpoint;
    private final CoreProxy core;

    private RouterManagement(ManagementAgent agent, ManagementEndpoint endpoint, CoreProxy core) {
        this.agent = agent;
        this.endpoint = endpoint;
        this.core = core;
    }

    /** Builds the agent and attaches it to {@code $management}. */
    public static RouterManagement start(String routerId, CoreProxy core, ForwardingTable forwarding,
                                         RouterEntities router, TransportEntities transport) {
        Map<String, EntitySource> sources = Map.of(
                "router", () -> transport.routerCounts().thenCompose(router::router),
                "router.address", router::addresses,
                "router.node", router::nodes,
                "connection", transport::connections,
                "router.link", transport::links,
                "listener", () -> CompletableFuture.completedFuture(router.listeners()),
                "connector", () -> CompletableFuture.completedFuture(router.connectors()));
        ManagementAgent agent = new ManagementAgent(routerId, EntitySchema.qdrouterd(), sources,
                () -> List.copyOf(forwarding.reachableRouters()));
        ManagementEndpoint endpoint = new ManagementEndpoint(routerId, agent::handle,
                new ReplyForwarder(routerId, forwarding));
        core.post(c -> c.attachConsumer(RouterCore.MANAGEMENT_ADDRESS, endpoint));
        return new RouterManagement(agent, endpoint, core);
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
