package org.jrouterd.transport.amqp;

import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;

/**
 * Copies of a peer's link termini, so that the router's side of an attach echoes them without sharing proton's
 * objects (the router then sets its own address on a dynamic one). Stateless.
 */
final class Termini {

    private Termini() {
    }

    static Target copy(Target remote) {
        Target target = new Target();
        target.setAddress(remote.getAddress());
        target.setDurable(remote.getDurable());
        target.setExpiryPolicy(remote.getExpiryPolicy());
        target.setTimeout(remote.getTimeout());
        target.setDynamic(remote.getDynamic());
        target.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        target.setCapabilities(remote.getCapabilities());
        return target;
    }

    static Source copy(Source remote) {
        Source source = new Source();
        source.setAddress(remote.getAddress());
        source.setDurable(remote.getDurable());
        source.setExpiryPolicy(remote.getExpiryPolicy());
        source.setTimeout(remote.getTimeout());
        source.setDynamic(remote.getDynamic());
        source.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        source.setDistributionMode(remote.getDistributionMode());
        source.setFilter(remote.getFilter());
        source.setDefaultOutcome(remote.getDefaultOutcome());
        source.setOutcomes(remote.getOutcomes());
        source.setCapabilities(remote.getCapabilities());
        return source;
    }
}
