package org.jrouterd.core.forward;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published routes: by normalised address, and by router id for topological addresses
 * ({@code _topo/0/<router-id>/…}). I/O threads read it without locks on the data path (anonymous relay and
 * inter-router links look up every message's address); links with a fixed target are pushed their route instead.
 *
 * <p>Threads: written only by the core thread; read by every I/O thread. Each entry is an immutable
 * {@link AddressRoute} replaced whole, so a reader sees either the old or the new route of an address, never a
 * mix. (Routes of different addresses need not change atomically together, so one map with per-address
 * replacement costs O(1) per attach where copying a whole snapshot would cost O(addresses).)
 */
public final class ForwardingTable {

    /** Addresses of this form name a router: {@code _topo/0/<router-id>/<rest>}. */
    public static final String TOPOLOGICAL_PREFIX = "_topo/0/";
    /** {@code _topo/0/all/…} names every router, not one. */
    private static final String ALL = "all";

    private final ConcurrentHashMap<String, AddressRoute> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AddressRoute> routerRoutes = new ConcurrentHashMap<>();
    /** Multicast to every reachable router, for {@code _topo/0/all/…} with no link here; null when alone. */
    private volatile AddressRoute allRouters;

    /** Any thread: the current route of a normalised address, or null if nothing is attached to it. */
    public AddressRoute lookup(String address) {
        return routes.get(address);
    }

    /**
     * Any thread: the route for a message addressed to {@code address} (normalised) at router {@code selfId}. A
     * topological address naming another router goes to that router (null while it is unreachable); one naming
     * this router is looked up whole first (dynamic addresses are registered so), then by what follows the
     * router id; {@code _topo/0/all/…} is looked up whole (local consumers and every reachable router), or goes to
     * every reachable router when nothing is attached to it here; any other address is looked up as it is.
     */
    public AddressRoute resolve(String address, String selfId) {
        if (!address.startsWith(TOPOLOGICAL_PREFIX)) {
            return routes.get(address);
        }
        int idStart = TOPOLOGICAL_PREFIX.length();
        int idEnd = address.indexOf('/', idStart);
        if (idEnd < 0) {
            return routes.get(address);
        }
        if (address.regionMatches(idStart, selfId, 0, selfId.length()) && idEnd - idStart == selfId.length()) {
            AddressRoute whole = routes.get(address);
            return whole != null ? whole : routes.get(address.substring(idEnd + 1));
        }
        if (idEnd - idStart == ALL.length() && address.startsWith(ALL, idStart)) {
            AddressRoute whole = routes.get(address);   // names no one router: registered whole, as RouterCore does
            return whole != null ? whole : allRouters;
        }
        return routerRoutes.get(address.substring(idStart, idEnd));
    }

    /** Core thread: publishes the route of its address. */
    public void publish(AddressRoute route) {
        routes.put(route.address(), route);
    }

    /** Core thread: forgets an address that has no links left. */
    public void remove(String address) {
        routes.remove(address);
    }

    /** Any thread: the ids of the other routers reachable now, in a new sorted set. */
    public Set<String> reachableRouters() {
        return new TreeSet<>(routerRoutes.keySet());
    }

    /** Core thread: publishes the route to a reachable remote router. */
    public void publishRouter(String routerId, AddressRoute route) {
        routerRoutes.put(routerId, route);
    }

    /** Core thread: forgets a router that is no longer reachable. */
    public void removeRouter(String routerId) {
        routerRoutes.remove(routerId);
    }

    /** Core thread: publishes the multicast route to every reachable router (null when none is). */
    public void publishAllRouters(AddressRoute route) {
        allRouters = route;
    }

    /** Any thread: the route to a remote router, or null if it is not reachable. */
    public AddressRoute lookupRouter(String routerId) {
        return routerRoutes.get(routerId);
    }

    /** Any thread: how many addresses have a route. */
    public int size() {
        return routes.size();
    }
}
