package org.jrouterd.server.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.AddressCounters;
import org.jrouterd.core.linkstate.LinkState;
import org.jrouterd.core.linkstate.LinkStateEngine;
import org.jrouterd.core.linkstate.RouterRoute;
import org.jrouterd.core.linkstate.Topology;

/**
 * The entities of one router that management shows, with qdrouterd 1.19's attribute names and meanings:
 * {@code router}, {@code router.address} and {@code router.node}, read on the core thread, which owns them
 * ({@code listener} and {@code connector} are {@link RuntimeEntities}'). Each read
 * builds fresh maps; nothing is kept.
 *
 * <p>Threads: immutable; reads may start on any thread and complete on the core thread.
 */
public final class RouterEntities {

    /** The version qdstat -g shows. */
    static final String VERSION = versionOf(RouterEntities.class);

    private final String routerId;
    private final String mode;
    private final int workerThreads;
    private final long startNanos;
    private final CoreProxy core;

    public RouterEntities(String routerId, String mode, int workerThreads, CoreProxy core) {
        this.routerId = routerId;
        this.mode = mode;
        this.workerThreads = workerThreads;
        this.startNanos = System.nanoTime();
        this.core = core;
    }

    /**
     * The {@code router} entity. Counts that come from connections and links ({@code connectionCount},
     * {@code linkCount}, the delivery totals) are passed in by the caller, which reads them where they are owned.
     */
    public CompletableFuture<List<Map<String, Object>>> router(Map<String, Object> transportCounts) {
        return onCore(c -> {
            Map<String, Object> router = new LinkedHashMap<>();
            router.put("name", routerId);
            router.put("identity", "1");
            router.put("id", routerId);
            router.put("mode", mode);
            router.put("area", "0");
            router.put("version", VERSION);
            router.put("addrCount", (long) c.addressCount());
            router.put("linkCount", 0L);
            router.put("nodeCount", (long) Math.max(0, c.topology().routes().size() - 1));
            router.put("linkRouteCount", 0L);
            router.put("autoLinkCount", 0L);
            router.put("connectionCount", 0L);
            for (String counter : List.of("presettledDeliveries", "droppedPresettledDeliveries",
                    "acceptedDeliveries", "rejectedDeliveries", "releasedDeliveries", "modifiedDeliveries",
                    "deliveriesDelayed1Sec", "deliveriesDelayed10Sec", "deliveriesStuck", "deliveriesIngress",
                    "deliveriesEgress", "deliveriesTransit", "deliveriesIngressRouteContainer",
                    "deliveriesEgressRouteContainer", "deliveriesRedirectedToFallback", "linksBlocked")) {
                router.put(counter, 0L);
            }
            router.putAll(transportCounts);
            router.put("uptimeSeconds", (System.nanoTime() - startNanos) / 1_000_000_000L);
            router.put("memoryUsage", Runtime.getRuntime().totalMemory());
            router.put("workerThreads", (long) workerThreads);
            return List.of(router);
        });
    }

    /** {@code router.address}: every address in use, named by its qdrouterd hash key. */
    public CompletableFuture<List<Map<String, Object>>> addresses() {
        return onCore(c -> {
            List<Map<String, Object>> all = new ArrayList<>();
            for (RouterCore.AddressView view : c.addressViews()) {
                String key = AddressKeys.key(view.address(), routerId);
                Map<String, Object> address = new LinkedHashMap<>();
                address.put("name", key);
                address.put("identity", key);
                address.put("key", key);
                address.put("distribution", view.distribution().name().toLowerCase(java.util.Locale.ROOT));
                address.put("inProcess", (long) view.inProcess());
                address.put("subscriberCount", (long) (view.localConsumers() - view.inProcess()));
                address.put("remoteCount", (long) view.remoteRouters());
                address.put("containerCount", 0L);
                address.put("remoteHostRouters", List.of());
                AddressCounters counts = view.counters();
                address.put("deliveriesIngress", counts.deliveriesIngress());
                address.put("deliveriesEgress", counts.deliveriesEgress());
                address.put("deliveriesTransit", counts.deliveriesTransit());
                address.put("deliveriesToContainer", counts.deliveriesToContainer());
                address.put("deliveriesFromContainer", counts.deliveriesFromContainer());
                // No link routes or waypoints yet: nothing is ever sent to or received from a route container,
                // and balanced transit deliveries are not tracked one by one.
                address.put("deliveriesEgressRouteContainer", 0L);
                address.put("deliveriesIngressRouteContainer", 0L);
                address.put("trackedDeliveries", 0L);
                address.put("priority", (long) view.priority());
                address.put("deliveriesRedirectedToFallback", 0L);
                all.add(address);
            }
            return all;
        });
    }

    /**
     * {@code router.node}: this router ({@code nextHop} "(self)", index 0) and every other router of the mesh it
     * knows, as qdrouterd lists them; none when standalone.
     */
    public CompletableFuture<List<Map<String, Object>>> nodes() {
        return onCore(c -> {
            List<Map<String, Object>> all = new ArrayList<>();
            LinkStateEngine engine = c.linkState();
            if (engine == null) {
                return all;
            }
            Topology topology = c.topology();
            Map<String, LinkState> database = engine.linkStateDatabase();
            Map<String, Long> neighbours = c.neighbourConnections();
            Map<String, Object> self = new LinkedHashMap<>();
            self.put("name", "router.node/" + routerId);
            self.put("identity", "router.node/" + routerId);
            self.put("id", routerId);
            self.put("protocolVersion", 1L);
            self.put("instance", null);
            self.put("linkState", List.copyOf(engine.ownLinkState().peers().keySet()));
            self.put("nextHop", "(self)");
            self.put("validOrigins", List.of());
            self.put("address", "amqp:/_topo/0/" + routerId);
            self.put("lastTopoChange", 0L);
            self.put("index", 0L);
            all.add(self);
            long index = 1;
            for (String router : engine.knownRouters()) {
                if (router.equals(routerId)) {
                    continue;
                }
                RouterRoute route = topology.routes().get(router);
                LinkState state = database.get(router);
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("name", "router.node/" + router);
                node.put("identity", "router.node/" + router);
                node.put("id", router);
                node.put("protocolVersion", 1L);
                node.put("instance", null);
                node.put("linkState", state == null ? List.of() : List.copyOf(state.peers().keySet()));
                boolean neighbour = route != null && route.isNeighbour();
                node.put("nextHop", route == null || neighbour ? null : route.nextHop());
                node.put("validOrigins", route == null ? List.of() : List.copyOf(route.validOrigins()));
                node.put("address", "amqp:/_topo/0/" + router);
                node.put("routerLink", neighbour ? neighbours.get(router) : null);
                node.put("cost", route == null ? null : route.cost());
                node.put("index", index++);
                node.put("lastTopoChange", null);
                all.add(node);
            }
            return all;
        });
    }

    private <T> CompletableFuture<T> onCore(Function<RouterCore, T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        core.post(c -> {
            try {
                result.complete(read.apply(c));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
