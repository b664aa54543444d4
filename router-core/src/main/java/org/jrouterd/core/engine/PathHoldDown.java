package org.jrouterd.core.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jrouterd.core.forward.NeighbourLinks;
import org.jrouterd.core.linkstate.RouterRoute;
import org.jrouterd.core.linkstate.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a new path out of the forwarding table while its next hop is a neighbour that cannot carry it yet: a
 * qdrouterd (any neighbour that is not a jrouterd).
 *
 * <p>Why: qdrouterd 1.19 applies link-state changes on a one-second timer. Its balanced and multicast forwarders
 * send a message from ingress router R towards destination D only if R is one of D's valid origins, which it
 * recomputes on the tick after the LSU that makes R's path go through it arrived; a destination it learnt on
 * that tick gets its addresses with a MAR on the next one. Until then it releases what R sends. jrouterd computes
 * a path the moment the LSU arrives (within milliseconds of the neighbour's tick that produced it), so a producer
 * given credit on it at once meets about a second of releases at the neighbour.
 *
 * <p>The rule: a path to a remote router D through such a neighbour N (D other than N) is usable
 * {@value #HOLD_MILLIS} ms after the later of (a) when this path (D through N) was first computed and (b) when a
 * link state of N received since its connection came up first listed this router. (a) covers a router that
 * becomes reachable through an old neighbour; (b) a neighbour that just joined, restarted or reconnected, whose
 * old link state may let the path be computed before N has taken the link into account. Either event follows
 * one of N's ticks; N is ready by its next tick (one second) plus the time to process it, so 2 s leave a
 * second of margin for a loaded router or an input that reached it just after its tick. A path once usable
 * stays usable while D is reached through N; a path to N itself is never held (N delivers to its own
 * consumers whatever its routes say), nor is any path through a jrouterd.
 *
 * <p>While a path is held, producers whose address has no other destination get no credit, and a message that
 * has no other way is released here instead of at N.
 *
 * <p>Threads: core thread only (through {@link RouterCore}).
 */
final class PathHoldDown {

    /** How long a new path through a neighbour that is not a jrouterd waits (see the class comment). */
    static final long HOLD_MILLIS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER_CORE");
    private static final long NOT_YET = Long.MIN_VALUE;

    /** What the hold-down needs of the link-state engine. */
    @FunctionalInterface
    interface LinkStates {
        /** Whether the link state of {@code routerId}, received at or after {@code since}, lists this router. */
        boolean listsUsSince(String routerId, long since);
    }

    private final long holdMillis;
    private final LinkStates linkStates;
    /** Neighbours that are not jrouterd, by router id. */
    private final Map<String, Adjacency> adjacencies = new HashMap<>();
    /** Paths through those neighbours, by destination router id. */
    private final Map<String, HeldPath> paths = new HashMap<>();
    private boolean holding;

    PathHoldDown(long holdMillis, LinkStates linkStates) {
        this.holdMillis = holdMillis;
        this.linkStates = linkStates;
    }

    /**
     * Core thread: brings the record up to date with the current paths and neighbours, and returns the
     * destinations whose path may not be used yet.
     */
    Set<String> held(Topology topology, Map<String, NeighbourLinks> neighbours, long now) {
        updateAdjacencies(neighbours, now);
        Set<String> held = new TreeSet<>();
        Map<String, Set<String>> released = new TreeMap<>();
        Map<String, Set<String>> newlyHeld = new TreeMap<>();
        Map<String, HeldPath> current = new HashMap<>();
        for (RouterRoute route : topology.routes().values()) {
            Adjacency via = adjacencies.get(route.nextHop());
            if (via == null || route.isNeighbour()) {
                continue;
            }
            HeldPath path = paths.get(route.routerId());
            if (path == null || path.via != via) {
                path = new HeldPath(via, now);
            }
            current.put(route.routerId(), path);
            if (path.usable) {
                continue;
            }
            if (via.listedUsAt != NOT_YET && now - Math.max(via.listedUsAt, path.since) >= holdMillis) {
                path.usable = true;
                released.computeIfAbsent(route.nextHop(), n -> new TreeSet<>()).add(route.routerId());
            } else {
                held.add(route.routerId());
                if (!path.logged) {
                    path.logged = true;
                    newlyHeld.computeIfAbsent(route.nextHop(), n -> new TreeSet<>()).add(route.routerId());
                }
            }
        }
        paths.clear();
        paths.putAll(current);
        holding = !held.isEmpty();
        newlyHeld.forEach((neighbour, destinations) -> LOG.info("Paths to {} through neighbour {} ({}) held for {}"
                + " ms: it applies a topology change on its next one-second tick", destinations, neighbour,
                adjacencies.get(neighbour).product, holdMillis));
        released.forEach((neighbour, destinations) -> LOG.info("Paths to {} through neighbour {} in use",
                destinations, neighbour));
        return held;
    }

    /** Whether some path is held: the core then calls {@link #held} on every tick until none is. */
    boolean holding() {
        return holding;
    }

    private void updateAdjacencies(Map<String, NeighbourLinks> neighbours, long now) {
        adjacencies.keySet().removeIf(id -> neighbours.get(id) == null || neighbours.get(id).isJrouterd());
        for (NeighbourLinks links : neighbours.values()) {
            if (links.isJrouterd()) {
                continue;
            }
            Adjacency adjacency = adjacencies.computeIfAbsent(links.routerId(),
                    id -> new Adjacency(links.product(), now));
            if (adjacency.listedUsAt == NOT_YET && linkStates.listsUsSince(links.routerId(), adjacency.since)) {
                adjacency.listedUsAt = now;
            }
        }
    }

    /**
     * A neighbour that is not a jrouterd, from when it first had a connection up to when it has none: when that
     * was, and when a link state of it received since first listed this router.
     */
    private static final class Adjacency {
        final String product;
        final long since;
        long listedUsAt = NOT_YET;

        Adjacency(String product, long since) {
            this.product = product;
            this.since = since;
        }
    }

    /** A path through such a neighbour: since when it has been computed, and whether it is in use. */
    private static final class HeldPath {
        final Adjacency via;
        final long since;
        boolean usable;
        boolean logged;

        HeldPath(Adjacency via, long since) {
            this.via = via;
            this.since = since;
        }
    }
}
