package org.jrouterd.core.forward;

import java.util.concurrent.atomic.LongAdder;

/**
 * The delivery counts of one address, as qdrouterd's {@code router.address} shows them: deliveries that entered
 * the mesh here ({@code deliveriesIngress}), left it here to a client ({@code deliveriesEgress}), copies sent from
 * here on to another router ({@code deliveriesTransit}, whether they entered here or came from a neighbour), went to or came from a part of the router itself
 * ({@code deliveriesToContainer}, {@code deliveriesFromContainer}). They outlive the address's routes, which are
 * replaced whole, and go when the address is forgotten. Striped adders: producers on several I/O threads count
 * without contending on one cache line.
 *
 * <p>Threads: any thread increments; management reads on any thread.
 */
public final class AddressCounters {

    private final LongAdder ingress = new LongAdder();
    private final LongAdder egress = new LongAdder();
    private final LongAdder transit = new LongAdder();
    private final LongAdder toContainer = new LongAdder();
    private final LongAdder fromContainer = new LongAdder();

    void ingress() {
        ingress.increment();
    }

    void egress(ConsumerEndpoint consumer) {
        (consumer.inProcess() ? toContainer : egress).increment();
    }

    void transit() {
        transit.increment();
    }

    /** A message that a part of the router itself (its management agent) sent to this address. */
    void fromContainer() {
        fromContainer.increment();
    }

    public long deliveriesIngress() {
        return ingress.sum();
    }

    public long deliveriesEgress() {
        return egress.sum();
    }

    public long deliveriesTransit() {
        return transit.sum();
    }

    public long deliveriesToContainer() {
        return toContainer.sum();
    }

    public long deliveriesFromContainer() {
        return fromContainer.sum();
    }
}
