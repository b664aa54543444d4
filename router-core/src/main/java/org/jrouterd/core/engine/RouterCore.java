package org.jrouterd.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.forward.AddressRoute;
import org.jrouterd.core.forward.ConsumerEndpoint;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.core.forward.ProducerEndpoint;

/**
 * Routing state of one router: for each address in use, its distribution, consumer links and producer links.
 * Every change republishes the address's {@link AddressRoute} and pushes it to the address's producers, which
 * is how the credit rule works: a producer gets credit only while its route is reachable.
 *
 * <p>Threads: owned by the core thread; never touched by another thread (they post through {@link CoreProxy}).
 */
public final class RouterCore {

    private final ForwardingTable table;
    private final DistributionLookup distributions;
    private final Map<String, AddressState> addresses = new HashMap<>();

    /** Resolves the configured distribution of an address; core thread. */
    @FunctionalInterface
    public interface DistributionLookup {
        Distribution distributionFor(String address);
    }

    public RouterCore(ForwardingTable table, DistributionLookup distributions) {
        this.table = table;
        this.distributions = distributions;
    }

    /** A consumer link attached to a (normalised) address. */
    public void attachConsumer(String address, ConsumerEndpoint consumer) {
        AddressState state = state(address);
        state.consumers.add(consumer);
        republish(state);
    }

    /** A consumer link went away. */
    public void detachConsumer(String address, ConsumerEndpoint consumer) {
        AddressState state = addresses.get(address);
        if (state != null && state.consumers.remove(consumer)) {
            republish(state);
        }
    }

    /** A producer link with a fixed target attached; it is told the current route at once. */
    public void attachProducer(String address, ProducerEndpoint producer) {
        AddressState state = state(address);
        state.producers.add(producer);
        producer.routeChanged(state.route);
    }

    /** A producer link went away. */
    public void detachProducer(String address, ProducerEndpoint producer) {
        AddressState state = addresses.get(address);
        if (state != null && state.producers.remove(producer)) {
            forgetIfUnused(state);
        }
    }

    /** Number of addresses with at least one link. */
    public int addressCount() {
        return addresses.size();
    }

    /** The current route of an address, or null. */
    public AddressRoute route(String address) {
        AddressState state = addresses.get(address);
        return state == null ? null : state.route;
    }

    private AddressState state(String address) {
        AddressState state = addresses.get(address);
        if (state == null) {
            state = new AddressState(address, distributions.distributionFor(address));
            addresses.put(address, state);
            table.publish(state.route);
        }
        return state;
    }

    private void republish(AddressState state) {
        state.route = new AddressRoute(state.address, state.distribution,
                state.consumers.toArray(new ConsumerEndpoint[0]));
        table.publish(state.route);
        // Producers hold the route they forward on: every change must reach them, not only reachability flips,
        // so that they stop handing deliveries to a consumer that has gone.
        for (ProducerEndpoint producer : state.producers) {
            producer.routeChanged(state.route);
        }
        forgetIfUnused(state);
    }

    private void forgetIfUnused(AddressState state) {
        if (state.consumers.isEmpty() && state.producers.isEmpty()) {
            addresses.remove(state.address);
            table.remove(state.address);
        }
    }

    /** Core-thread record of one address in use. */
    private static final class AddressState {
        final String address;
        final Distribution distribution;
        final List<ConsumerEndpoint> consumers = new ArrayList<>(2);
        final List<ProducerEndpoint> producers = new ArrayList<>(2);
        AddressRoute route;

        AddressState(String address, Distribution distribution) {
            this.address = address;
            this.distribution = distribution;
            this.route = AddressRoute.unreachable(address, distribution);
        }
    }
}
