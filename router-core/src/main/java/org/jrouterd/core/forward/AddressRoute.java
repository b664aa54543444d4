package org.jrouterd.core.forward;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import org.jrouterd.core.address.Distribution;

/**
 * Where messages to one address go right now: the distribution, the local consumer links and the remote routers
 * that have consumers (each with the neighbour to send through and the path cost). Immutable; the core thread
 * replaces it whole when a consumer attaches or detaches, a remote router gains or loses the address, or the
 * topology changes.
 */
public final class AddressRoute {

    private static final ConsumerEndpoint[] NONE = new ConsumerEndpoint[0];
    private static final RemotePath[] NO_REMOTES = new RemotePath[0];
    /** Remote paths are kept grouped by next hop, so that multicast sends one copy per neighbour in one pass. */
    private static final Comparator<RemotePath> BY_NEXT_HOP = Comparator.comparing(RemotePath::nextHop)
            .thenComparingLong(RemotePath::cost).thenComparing(RemotePath::routerId);

    private final String address;
    private final Distribution distribution;
    private final ConsumerEndpoint[] consumers;
    private final RemotePath[] remotes;
    private final int priority;
    private final AddressCounters counters;
    private final boolean failFast;

    public AddressRoute(String address, Distribution distribution, ConsumerEndpoint[] consumers) {
        this(address, distribution, consumers, NO_REMOTES, -1, new AddressCounters());
    }

    /** A route with its own fresh counters (see the full constructor). */
    public AddressRoute(String address, Distribution distribution, ConsumerEndpoint[] consumers,
                        RemotePath[] remotes, int priority) {
        this(address, distribution, consumers, remotes, priority, new AddressCounters());
    }

    /**
     * @param remotes  remote routers with consumers for this address
     * @param priority the address's configured priority (0-9), overriding the message's; -1 for none
     * @param counters the address's delivery counts, shared by its successive routes
     */
    public AddressRoute(String address, Distribution distribution, ConsumerEndpoint[] consumers,
                        RemotePath[] remotes, int priority, AddressCounters counters) {
        this(address, distribution, consumers, remotes, priority, counters, false);
    }

    /**
     * @param failFast whether producers get credit without a consumer, and a message that finds none is rejected
     *                 (see {@link org.jrouterd.core.address.AddressConfig#failFast()})
     */
    public AddressRoute(String address, Distribution distribution, ConsumerEndpoint[] consumers,
                        RemotePath[] remotes, int priority, AddressCounters counters, boolean failFast) {
        this.address = Objects.requireNonNull(address, "address");
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.consumers = consumers.length == 0 ? NONE : consumers.clone();
        if (remotes.length == 0) {
            this.remotes = NO_REMOTES;
        } else {
            this.remotes = remotes.clone();
            Arrays.sort(this.remotes, BY_NEXT_HOP);
        }
        this.priority = priority;
        this.counters = Objects.requireNonNull(counters, "counters");
        this.failFast = failFast;
    }

    /** A route with no consumers. */
    public static AddressRoute unreachable(String address, Distribution distribution) {
        return new AddressRoute(address, distribution, NONE);
    }

    /** A route with no consumers that counts into {@code counters}. */
    public static AddressRoute unreachable(String address, Distribution distribution, AddressCounters counters) {
        return new AddressRoute(address, distribution, NONE, NO_REMOTES, -1, counters);
    }

    public String address() {
        return address;
    }

    public Distribution distribution() {
        return distribution;
    }

    /** Number of local consumer links. */
    public int consumerCount() {
        return consumers.length;
    }

    /** The i-th local consumer link. */
    public ConsumerEndpoint consumer(int i) {
        return consumers[i];
    }

    /** Number of remote routers with consumers. */
    public int remoteCount() {
        return remotes.length;
    }

    /** The i-th remote router (grouped by next hop). */
    public RemotePath remote(int i) {
        return remotes[i];
    }

    /** The configured priority (0-9) that overrides the message's, or -1. */
    public int priority() {
        return priority;
    }

    /** The address's delivery counts (not part of the route's equality). */
    public AddressCounters counters() {
        return counters;
    }

    /** Whether a message with no consumer is rejected at once rather than waited for (producers get credit). */
    public boolean failFast() {
        return failFast;
    }

    /** Whether a message sent now has somewhere to go. */
    public boolean reachable() {
        return (consumers.length > 0 || remotes.length > 0) && distribution != Distribution.UNAVAILABLE;
    }

    @Override
    public String toString() {
        return "AddressRoute[" + address + " " + distribution.configName() + " consumers=" + consumers.length
                + " remotes=" + Arrays.toString(Arrays.stream(remotes).map(RemotePath::routerId).toArray()) + "]";
    }

    ConsumerEndpoint[] consumers() {
        return consumers;
    }

    RemotePath[] remotes() {
        return remotes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRoute r && r.address.equals(address) && r.distribution == distribution
                && Arrays.equals(r.consumers, consumers) && Arrays.equals(r.remotes, remotes)
                && r.priority == priority && r.failFast == failFast;
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }
}
