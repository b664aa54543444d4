package org.jrouterd.core.forward;

import java.util.Arrays;
import java.util.Objects;
import org.jrouterd.core.address.Distribution;

/**
 * Where messages to one address go right now: the distribution and the consumer links. Immutable; the core
 * thread replaces it whole when a consumer attaches or detaches.
 */
public final class AddressRoute {

    private static final ConsumerEndpoint[] NONE = new ConsumerEndpoint[0];

    private final String address;
    private final Distribution distribution;
    private final ConsumerEndpoint[] consumers;

    public AddressRoute(String address, Distribution distribution, ConsumerEndpoint[] consumers) {
        this.address = Objects.requireNonNull(address, "address");
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.consumers = consumers.length == 0 ? NONE : consumers.clone();
    }

    /** A route with no consumers. */
    public static AddressRoute unreachable(String address, Distribution distribution) {
        return new AddressRoute(address, distribution, NONE);
    }

    public String address() {
        return address;
    }

    public Distribution distribution() {
        return distribution;
    }

    /** Number of consumer links. */
    public int consumerCount() {
        return consumers.length;
    }

    /** The i-th consumer link. */
    public ConsumerEndpoint consumer(int i) {
        return consumers[i];
    }

    /** Whether a message sent now has somewhere to go. */
    public boolean reachable() {
        return consumers.length > 0 && distribution != Distribution.UNAVAILABLE;
    }

    @Override
    public String toString() {
        return "AddressRoute[" + address + " " + distribution.configName() + " consumers=" + consumers.length + "]";
    }

    ConsumerEndpoint[] consumers() {
        return consumers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRoute r && r.address.equals(address) && r.distribution == distribution
                && Arrays.equals(r.consumers, consumers);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }
}
