package org.jrouterd.core.forward;

import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.DeliverySource;
import org.jrouterd.core.delivery.MulticastFanIn;
import org.jrouterd.core.delivery.RoutedDelivery;

/**
 * Chooses the consumer link(s) for one message and hands it over. Stateless; runs on the producer's I/O thread.
 * The caller passes a cursor that it advances per message, which spreads ties without shared counters.
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

    /**
     * Forwards one message along a route.
     *
     * @param route      the address's current route, or null when nothing is attached to it
     * @param payload    the encoded message, immutable from now on
     * @param format     the AMQP message-format
     * @param presettled whether the producer sent it pre-settled
     * @param source     where the outcome goes (ignored when pre-settled)
     * @param cursor     a per-producer counter that spreads ties
     */
    public static Result forward(AddressRoute route, ReadableBuffer payload, int format, boolean presettled,
                                 DeliverySource source, int cursor) {
        return forward(route, payload, format, presettled, false, source, cursor);
    }

    /**
     * Forwards one message along a route.
     *
     * @param routerAnnotations whether the payload carries {@code x-opt-qd.*} annotations (see
     *                          {@link RoutedDelivery#routerAnnotations()})
     */
    public static Result forward(AddressRoute route, ReadableBuffer payload, int format, boolean presettled,
                                 boolean routerAnnotations, DeliverySource source, int cursor) {
        if (route == null) {
            return Result.NO_ROUTE;
        }
        ConsumerEndpoint[] consumers = route.consumers();
        switch (route.distribution()) {
            case UNAVAILABLE:
                return Result.UNAVAILABLE;
            case MULTICAST:
                return multicast(consumers, payload, format, presettled, routerAnnotations, source);
            default:
                if (consumers.length == 0) {
                    return Result.NO_ROUTE;
                }
                ConsumerEndpoint target = route.distribution() == Distribution.BALANCED
                        ? leastOutstanding(consumers, cursor) : roundRobin(consumers, cursor);
                target.deliver(new RoutedDelivery(payload, format, presettled, routerAnnotations, source)
                        .exclusive());
                return Result.FORWARDED;
        }
    }

    private static Result multicast(ConsumerEndpoint[] consumers, ReadableBuffer payload, int format,
                                    boolean presettled, boolean routerAnnotations, DeliverySource source) {
        int n = consumers.length;
        if (n == 0) {
            return Result.NO_ROUTE;
        }
        DeliverySource copySource = presettled || n == 1 ? source : new MulticastFanIn(source, n);
        for (ConsumerEndpoint consumer : consumers) {
            consumer.deliver(new RoutedDelivery(payload, format, presettled, routerAnnotations, copySource));
        }
        return Result.FORWARDED;
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
