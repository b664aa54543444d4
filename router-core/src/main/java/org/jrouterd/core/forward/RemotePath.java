package org.jrouterd.core.forward;

import java.util.Objects;
import java.util.Set;

/**
 * One remote router that is a destination of an address, and how to reach it: the neighbour to send through and
 * the path cost. {@code validOrigins} are the routers whose multicast copies this router forwards towards the
 * destination (see {@link org.jrouterd.core.linkstate.RouterRoute#validOrigins()}).
 *
 * <p>Threads: immutable; any thread.
 *
 * @param routerId     the destination router
 * @param cost         summed link cost of the shortest path
 * @param via          the neighbour's links (the next hop)
 * @param validOrigins ingress routers allowed to send multicast copies this way
 */
public record RemotePath(String routerId, long cost, NeighbourLinks via, Set<String> validOrigins) {

    public RemotePath {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(via, "via");
        validOrigins = Set.copyOf(validOrigins);
    }

    /** The neighbour this path leaves through. */
    public String nextHop() {
        return via.routerId();
    }
}
