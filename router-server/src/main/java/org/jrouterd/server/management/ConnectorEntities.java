package org.jrouterd.server.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jrouterd.mgmt.agent.EntitySource;
import org.jrouterd.mgmt.agent.EntityWriter;
import org.jrouterd.mgmt.config.ConfigException;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.server.config.ConfiguredRouter;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.server.AmqpServer;

/**
 * The {@code connector} entities with their connection status, and their runtime CREATE (starts dialling) and
 * DELETE (stops retrying, closes its connection). Identities as qdrouterd's: {@code connector/<host>:<port>}, or
 * {@code connector/<host>:<port>:<name>} when named.
 *
 * <p>Threads: owned by the management thread (the starting thread adds the configured connectors before
 * management runs); each connector keeps its own state on its event loop.
 */
public final class ConnectorEntities implements EntitySource, EntityWriter {

    private final AmqpServer server;
    private final List<AmqpConnector> connectors = new ArrayList<>();

    public ConnectorEntities(AmqpServer server) {
        this.server = server;
    }

    /** Adds a connector the router started with. */
    public void started(AmqpConnector connector) {
        connectors.add(connector);
    }

    /** The connectors, configured and created, in order. */
    public List<AmqpConnector> connectors() {
        return List.copyOf(connectors);
    }

    private static String identity(ConnectorSpec spec) {
        String unnamed = "connector/" + spec.host() + ":" + spec.port();
        return spec.name().equals(unnamed) ? unnamed : unnamed + ":" + spec.name();
    }

    private static Map<String, Object> entity(AmqpConnector connector) {
        ConnectorSpec spec = connector.spec();
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("host", spec.host());
        entity.put("port", Integer.toString(spec.port()));
        entity.put("role", spec.role().configName());
        entity.put("cost", (long) spec.cost());
        entity.put("maxFrameSize", (long) spec.maxFrameSize());
        entity.put("maxSessions", (long) spec.maxSessions());
        entity.put("idleTimeoutSeconds", (long) spec.idleTimeoutSeconds());
        entity.put("connectionStatus", connector.status().name());
        entity.put("connectionMsg", connector.statusMessage());
        entity.put("name", spec.name());
        entity.put("identity", identity(spec));
        return entity;
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> entities() {
        return CompletableFuture.completedFuture(connectors.stream().map(ConnectorEntities::entity).toList());
    }

    @Override
    public CompletableFuture<Map<String, Object>> create(EntityCreate create) {
        ConnectorSpec spec;
        try {
            spec = ConfiguredRouter.connectorSpec(create);
        } catch (ConfigException e) {
            return CompletableFuture.failedFuture(RuntimeRefusals.invalid(e));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(RuntimeRefusals.invalid("connector", e));
        }
        if (connectors.stream().anyMatch(c -> c.spec().name().equals(spec.name()))) {
            return CompletableFuture.failedFuture(RuntimeRefusals.duplicateName("connector", spec.name()));
        }
        AmqpConnector connector = server.connect(spec);
        connectors.add(connector);
        return CompletableFuture.completedFuture(entity(connector));
    }

    @Override
    public CompletableFuture<Void> delete(Map<String, Object> entity) {
        for (AmqpConnector connector : List.copyOf(connectors)) {
            if (identity(connector.spec()).equals(String.valueOf(entity.get("identity")))) {
                connectors.remove(connector);
                server.disconnect(connector);
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
