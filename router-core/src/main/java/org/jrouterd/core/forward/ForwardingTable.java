package org.jrouterd.core.forward;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The published routes, by normalised address. I/O threads read it without locks on the data path (anonymous
 * relay looks up every message's {@code to}); links with a fixed target are pushed their route instead.
 *
 * <p>Threads: written only by the core thread; read by every I/O thread. Each entry is an immutable
 * {@link AddressRoute} replaced whole, so a reader sees either the old or the new route of an address, never a
 * mix. (Routes of different addresses need not change atomically together, so one map with per-address
 * replacement costs O(1) per attach where copying a whole snapshot would cost O(addresses).)
 */
public final class ForwardingTable {

    private final ConcurrentHashMap<String, AddressRoute> routes = new ConcurrentHashMap<>();

    /** Any thread: the current route of a normalised address, or null if nothing is attached to it. */
    public AddressRoute lookup(String address) {
        return routes.get(address);
    }

    /** Core thread: publishes the route of its address. */
    public void publish(AddressRoute route) {
        routes.put(route.address(), route);
    }

    /** Core thread: forgets an address that has no links left. */
    public void remove(String address) {
        routes.remove(address);
    }

    /** Any thread: how many addresses have a route. */
    public int size() {
        return routes.size();
    }
}
