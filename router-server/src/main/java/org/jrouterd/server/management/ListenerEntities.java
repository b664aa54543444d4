package org.jrouterd.server.management;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jrouterd.mgmt.agent.EntityChangeRefused;
import org.jrouterd.mgmt.agent.EntitySource;
import org.jrouterd.mgmt.agent.EntityWriter;
import org.jrouterd.mgmt.config.ConfigException;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.server.config.ConfiguredRouter;
import org.jrouterd.transport.server.AmqpServer;
import org.jrouterd.transport.server.ListenerBindException;
import org.jrouterd.transport.server.ListenerSpec;

/**
 * The {@code listener} entities: those the router started with and those management created, and their runtime
 * CREATE (bind and accept at once) and DELETE (stop accepting, close the connections accepted on it). Identities as
 * qdrouterd's: {@code listener/<host>:<port>}, or {@code listener/<host>:<port>:<name>} when named.
 *
 * <p>Threads: owned by the management thread (the starting thread adds the configured listeners before management
 * runs); binding and closing are the transport's, which does them on its own threads.
 */
public final class ListenerEntities implements EntitySource, EntityWriter {

    private final AmqpServer server;
    private final Map<String, Entry> byIdentity = new LinkedHashMap<>();

    private record Entry(Map<String, Object> attributes, AmqpServer.Listening listening) {
    }

    public ListenerEntities(AmqpServer server) {
        this.server = server;
    }

    /** Adds a listener the router started with. */
    public void started(ListenerSpec spec, AmqpServer.Listening listening) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("host", spec.host());
        attributes.put("role", spec.role().configName());
        attributes.put("cost", (long) spec.cost());
        attributes.put("maxFrameSize", (long) spec.maxFrameSize());
        attributes.put("maxSessions", (long) spec.maxSessions());
        attributes.put("idleTimeoutSeconds", (long) spec.idleTimeoutSeconds());
        attributes.put("linkCapacity", (long) spec.linkCapacity());
        add(attributes, null, listening);
    }

    private Map<String, Object> add(Map<String, Object> attributes, String name, AmqpServer.Listening listening) {
        InetSocketAddress bound = listening.address();
        String host = String.valueOf(attributes.get("host"));
        String identity = "listener/" + host + ":" + bound.getPort() + (name == null ? "" : ":" + name);
        Map<String, Object> entity = new LinkedHashMap<>(attributes);
        entity.put("port", Integer.toString(bound.getPort()));
        entity.put("name", name == null ? identity : name);
        entity.put("identity", identity);
        byIdentity.put(identity, new Entry(entity, listening));
        return entity;
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> entities() {
        List<Map<String, Object>> all = new ArrayList<>();
        byIdentity.values().forEach(entry -> all.add(entry.attributes()));
        return CompletableFuture.completedFuture(all);
    }

    @Override
    public CompletableFuture<Map<String, Object>> create(EntityCreate create) {
        String name = create.name();
        if (name != null && byIdentity.values().stream().anyMatch(e -> name.equals(e.attributes().get("name")))) {
            return CompletableFuture.failedFuture(RuntimeRefusals.duplicateName("listener", name));
        }
        ListenerSpec spec;
        try {
            spec = ConfiguredRouter.listenerSpec(create);
        } catch (ConfigException e) {
            return CompletableFuture.failedFuture(RuntimeRefusals.invalid(e));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(RuntimeRefusals.invalid("listener", e));
        }
        AmqpServer.Listening listening;
        try {
            listening = server.bind(spec);
        } catch (ListenerBindException e) {
            return CompletableFuture.failedFuture(new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST,
                    "listener: " + e.getMessage()));
        }
        Map<String, Object> attributes = new LinkedHashMap<>(create.attributes());
        attributes.put("host", spec.host());
        attributes.remove("name");
        return CompletableFuture.completedFuture(add(attributes, name, listening));
    }

    @Override
    public CompletableFuture<Void> delete(Map<String, Object> entity) {
        Entry entry = byIdentity.remove(String.valueOf(entity.get("identity")));
        if (entry != null) {
            entry.listening().stop();
        }
        return CompletableFuture.completedFuture(null);
    }
}
