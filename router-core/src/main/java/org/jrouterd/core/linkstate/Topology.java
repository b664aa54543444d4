package org.jrouterd.core.linkstate;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of the paths from this router ({@link #routerId()}) to every reachable remote router,
 * keyed and sorted by router id. Unreachable routers are absent.
 *
 * <p>Threads: immutable; the core thread builds it, any thread may read it.
 */
public record Topology(String routerId, SortedMap<String, RouterRoute> routes) {

    public Topology {
        Objects.requireNonNull(routerId, "routerId");
        routes = Collections.unmodifiableSortedMap(new TreeMap<>(routes));
    }

    /** The topology of a router that reaches nobody. */
    public static Topology alone(String routerId) {
        return new Topology(routerId, new TreeMap<>());
    }

    /** The route to {@code routerId}, if reachable. */
    public Optional<RouterRoute> route(String routerId) {
        return Optional.ofNullable(routes.get(routerId));
    }

    /** The ids of every reachable remote router. */
    public Set<String> reachable() {
        return routes.keySet();
    }

    /** Next hop per reachable router (a convenience for tests and management). */
    public Map<String, String> nextHops() {
        Map<String, String> hops = new TreeMap<>();
        routes.forEach((id, route) -> hops.put(id, route.nextHop()));
        return hops;
    }

    /** Cost per reachable router. */
    public Map<String, Long> costs() {
        Map<String, Long> costs = new TreeMap<>();
        routes.forEach((id, route) -> costs.put(id, route.cost()));
        return costs;
    }
}
