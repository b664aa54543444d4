package org.jrouterd.core.forward;

import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.DeliverySource;
import org.jrouterd.core.delivery.MulticastFanIn;
import org.jrouterd.core.delivery.RoutedDelivery;

/**
 * Chooses the consumer link(s) for one message and hands it over: local consumer links, and inter-router data
 * links towards remote routers with consumers. Stateless; runs on the producer's I/O thread. The caller passes a
 * cursor that it advances per message, which spreads ties without shared counters.
 *
 * <p>Across the mesh: {@code closest} prefers local consumers (cost 0), then the remote router with the lowest
 * path cost; {@code balanced} compares a local link's outstanding deliveries with a remote path's outstanding
 * deliveries on its data link plus the path cost; {@code multicast} sends one copy per local consumer and at
 * most one per neighbour, only towards routers for which the message's ingress is a valid origin. A router
 * already in the message's trace is never sent to, which prevents loops.
 */
public final class Forwarder {

    /** What happened to a message. */
    public enum Result {
        /** Handed to at least one consumer; its outcome will reach the source. */
        FORWARDED,
        /** No consumer: the caller releases an unsettled message and drops a pre-settled one. */
        NO_ROUTE,
        /** The address is configured unavailable: the caller rejects the message with amqp:not-found. */
        UNAVAILABLE
    }

    private Forwarder() {
    }

    /** Forwards one message along a route, locally only (no envelope: remote routers are not considered). */
    public static Result forward(AddressRoute route, ReadableBuffer payload, int format, boolean presettled,
                                 DeliverySource source, int cursor) {
        return forward(route, payload, format, presettled, false, source, cursor, null);
    }

    /**
     * Forwards one message along a route.
     *
     * @param route             the address's current route, or null when nothing is attached to it
     * @param payload           the encoded message for local consumers, immutable from now on
     * @param format            the AMQP message-format
     * @param presettled        whether the producer sent it pre-settled
     * @param routerAnnotations whether the payload carries {@code x-opt-qd.*} annotations (see
     *                          {@link RoutedDelivery#routerAnnotations()})
     * @param source            where the outcome goes (for pre-settled: who counts copies in flight)
     * @param cursor            a per-producer counter that spreads ties
     * @param envelope          the message's mesh journey, or null to forward to local consumers only
     */
    public static Result forward(AddressRoute route, ReadableBuffer payload, int format, boolean presettled,
                                 boolean routerAnnotations, DeliverySource source, int cursor,
                                 InterRouterEnvelope envelope) {
        if (route == null) {
            return Result.NO_ROUTE;
        }
        Result result = switch (route.distribution()) {
            case UNAVAILABLE -> Result.UNAVAILABLE;
            case MULTICAST -> multicast(route, payload, format, presettled, routerAnnotations, source, envelope);
            default -> anycast(route, payload, format, presettled, routerAnnotations, source, cursor, envelope);
        };
        if (envelope != null && envelope.enteredHere()) {   // as qdrouterd: whether or not it found a consumer
            if (envelope.fromContainer()) {
                route.counters().fromContainer();
            } else {
                route.counters().ingress();
            }
        }
        return result;
    }

    /**
     * How many copies {@link #forward} would make of a message on this route right now: for multicast, one per
     * local consumer plus one per neighbour chosen; otherwise 1 if there is a destination, else 0.
     */
    public static int copies(AddressRoute route, InterRouterEnvelope envelope) {
        if (route == null || route.distribution() == Distribution.UNAVAILABLE) {
            return 0;
        }
        if (route.distribution() == Distribution.MULTICAST) {
            return route.consumerCount() + (envelope == null ? 0 : neighbourCopies(route.remotes(), envelope));
        }
        if (route.consumerCount() > 0) {
            return 1;
        }
        if (envelope != null) {
            for (RemotePath path : route.remotes()) {
                if (anycastAllowed(path, envelope)) {
                    return 1;
                }
            }
        }
        return 0;
    }

    private static Result anycast(AddressRoute route, ReadableBuffer payload, int format, boolean presettled,
                                  boolean routerAnnotations, DeliverySource source, int cursor,
                                  InterRouterEnvelope envelope) {
        ConsumerEndpoint[] consumers = route.consumers();
        boolean balanced = route.distribution() == Distribution.BALANCED;
        ConsumerEndpoint local = null;
        long localValue = Long.MAX_VALUE;
        if (consumers.length > 0) {
            local = balanced ? leastOutstanding(consumers, cursor) : roundRobin(consumers, cursor);
            localValue = balanced ? local.outstanding() : 0;
        }
        RemotePath remote = null;
        if (envelope != null && localValue > 0 && route.remotes().length > 0) {
            remote = balanced ? leastLoadedRemote(route, envelope, cursor, localValue)
                    : closestRemote(route.remotes(), envelope, cursor);
        }
        if (remote != null) {
            route.counters().transit();
            ConsumerEndpoint link = remote.via().dataLink(priority(route, envelope));
            link.deliver(new RoutedDelivery(envelope.payloadForNeighbours(), format, presettled, true, source)
                    .exclusive());
            return Result.FORWARDED;
        }
        if (local == null) {
            return Result.NO_ROUTE;
        }
        route.counters().egress(local);
        local.deliver(new RoutedDelivery(payload, format, presettled, routerAnnotations, source).exclusive());
        return Result.FORWARDED;
    }

    /**
     * Balanced: the remote path to use instead of a local consumer whose value is {@code localValue} (MAX_VALUE
     * when there is none), or null: the lowest outstanding-on-data-link plus path cost, if below the local value.
     * Ties go to the first from the cursor on (the counts even out the load).
     */
    private static RemotePath leastLoadedRemote(AddressRoute route, InterRouterEnvelope envelope, int cursor,
                                                long localValue) {
        RemotePath[] remotes = route.remotes();
        int n = remotes.length;
        int start = Math.floorMod(cursor, n);
        int priority = priority(route, envelope);
        RemotePath best = null;
        long bestValue = localValue;
        for (int i = 0; i < n; i++) {
            RemotePath path = remotes[(start + i) % n];
            if (!anycastAllowed(path, envelope)) {
                continue;
            }
            long value = path.via().dataLink(priority).outstanding() + path.cost();
            if (value < bestValue) {
                best = path;
                bestValue = value;
            }
        }
        return best;
    }

    /**
     * Closest, with no local consumer: the remote path with the lowest cost, or null. Ties are taken in turn by
     * the cursor among the cheapest paths only, as qdrouterd rotates over its closest remotes, so that a dearer
     * path in the list does not skew the spread.
     */
    private static RemotePath closestRemote(RemotePath[] remotes, InterRouterEnvelope envelope, int cursor) {
        long lowest = Long.MAX_VALUE;
        int ties = 0;
        for (RemotePath path : remotes) {
            if (!anycastAllowed(path, envelope)) {
                continue;
            }
            if (path.cost() < lowest) {
                lowest = path.cost();
                ties = 1;
            } else if (path.cost() == lowest) {
                ties++;
            }
        }
        if (ties == 0) {
            return null;
        }
        int pick = Math.floorMod(cursor, ties);
        for (RemotePath path : remotes) {
            if (path.cost() == lowest && anycastAllowed(path, envelope) && pick-- == 0) {
                return path;
            }
        }
        throw new IllegalStateException("unreachable: " + ties + " closest paths counted");
    }

    private static boolean anycastAllowed(RemotePath path, InterRouterEnvelope envelope) {
        return !envelope.visited(path.nextHop()) && !envelope.visited(path.routerId());
    }

    private static boolean multicastAllowed(RemotePath path, InterRouterEnvelope envelope) {
        return anycastAllowed(path, envelope)
                && (envelope.enteredHere() || path.validOrigins().contains(envelope.ingress()));
    }

    /** One copy per neighbour through which at least one allowed destination is reached. */
    private static int neighbourCopies(RemotePath[] remotes, InterRouterEnvelope envelope) {
        int copies = 0;
        NeighbourLinks last = null;
        for (RemotePath path : remotes) {
            if (path.via() != last && multicastAllowed(path, envelope)) {
                last = path.via();
                copies++;
            }
        }
        return copies;
    }

    private static Result multicast(AddressRoute route, ReadableBuffer payload, int format, boolean presettled,
                                    boolean routerAnnotations, DeliverySource source,
                                    InterRouterEnvelope envelope) {
        ConsumerEndpoint[] consumers = route.consumers();
        RemotePath[] remotes = route.remotes();
        int neighbours = envelope == null ? 0 : neighbourCopies(remotes, envelope);
        int n = consumers.length + neighbours;
        if (n == 0) {
            return Result.NO_ROUTE;
        }
        DeliverySource copySource = presettled || n == 1 ? source : new MulticastFanIn(source, n);
        AddressCounters counters = route.counters();
        for (ConsumerEndpoint consumer : consumers) {
            counters.egress(consumer);
            consumer.deliver(new RoutedDelivery(payload, format, presettled, routerAnnotations, copySource));
        }
        if (neighbours > 0) {

            ReadableBuffer forNeighbours = envelope.payloadForNeighbours();
            int priority = priority(route, envelope);
            NeighbourLinks last = null;
            for (RemotePath path : remotes) {
                if (path.via() != last && multicastAllowed(path, envelope)) {
                    last = path.via();
                    counters.transit();
                    last.dataLink(priority).deliver(
                            new RoutedDelivery(forNeighbours, format, presettled, true, copySource));
                }
            }
        }
        return Result.FORWARDED;
    }

    private static int priority(AddressRoute route, InterRouterEnvelope envelope) {
        return route.priority() >= 0 ? route.priority() : envelope.priority();
    }

    /** Closest among local consumers: all cost the same, so ties are spread in turn. */
    static ConsumerEndpoint roundRobin(ConsumerEndpoint[] consumers, int cursor) {
        return consumers[Math.floorMod(cursor, consumers.length)];
    }

    /** Balanced: the consumer with the fewest outstanding deliveries; ties go to the first from the cursor on. */
    static ConsumerEndpoint leastOutstanding(ConsumerEndpoint[] consumers, int cursor) {
        int n = consumers.length;
        int start = Math.floorMod(cursor, n);
        ConsumerEndpoint best = consumers[start];
        int bestCount = best.outstanding();
        for (int i = 1; i < n && bestCount > 0; i++) {
            ConsumerEndpoint candidate = consumers[(start + i) % n];
            int count = candidate.outstanding();
            if (count < bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }
}
