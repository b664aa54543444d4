package org.jrouterd.core.linkstate;

import java.util.List;
import java.util.Objects;

/**
 * The path to one remote router: the neighbour to send through ({@code nextHop}, the router itself for a
 * neighbour), the summed link cost, and the valid origins: the routers whose shortest-path tree towards
 * {@code routerId} passes through this router, sorted by id. A multicast copy that entered the mesh at router R
 * is forwarded towards {@code routerId} only if R is a valid origin (or R is this router).
 *
 * <p>Threads: immutable; any thread.
 */
public record RouterRoute(String routerId, String nextHop, long cost, List<String> validOrigins) {

    public RouterRoute {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(nextHop, "nextHop");
        validOrigins = List.copyOf(validOrigins);
    }

    /** True when {@code routerId} is a direct neighbour (its own next hop). */
    public boolean isNeighbour() {
        return nextHop.equals(routerId);
    }
}
