package org.jrouterd.server.management;

import java.util.List;
import java.util.Map;
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

    /** Builds the agent and attaches it to {@code $management}. */
    public static RouterManagement start(String routerId, CoreProxy core, ForwardingTable forwarding,
                                         RouterEntities router, TransportEntities transport,
                                         RuntimeEntities runtime) {
        Map<String, EntitySource> sources = Map.of(
                "router", () -> transport.routerCounts().thenCompose(router::router),
                "router.address", router::addresses,
                "router.node", router::nodes,
                "connection", transport::connections,
                "router.link", transport::links,
                "listener", runtime.listeners(),
                "connector", runtime.connectors(),
                "router.config.address", runtime.addresses(),
                "log", LOGS);
        Map<String, EntityWriter> writers = Map.of(
                "listener", runtime.listeners(),
                "connector", runtime.connectors(),
                "router.config.address", runtime.addresses(),
                "connection", runtime.connections(),
                "log", LOGS);
        ManagementAgent agent = new ManagementAgent(routerId, EntitySchema.qdrouterd(), sources,
                () -> List.copyOf(forwarding.reachableRouters()), LogSource.NONE, writers);
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
