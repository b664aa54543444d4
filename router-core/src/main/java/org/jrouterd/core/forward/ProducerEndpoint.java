package org.jrouterd.core.forward;

/**
 * The core's view of one incoming link from a producer that targets an address. Implemented by the transport.
 */
public interface ProducerEndpoint {

    /**
     * Any thread (called by the core thread): the route of this producer's address changed. The implementation
     * hands it to its own I/O thread, which gives credit while {@link AddressRoute#reachable()} and withdraws it
     * otherwise.
     */
    void routeChanged(AddressRoute route);
}
