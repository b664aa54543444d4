package org.jrouterd.core.forward;

import org.jrouterd.core.delivery.RoutedDelivery;

/**
 * The core's view of one outgoing link to a consumer. Implemented by the transport; the implementation owns the
 * link on its connection's I/O thread.
 */
public interface ConsumerEndpoint {

    /**
     * Any thread: counts the delivery as outstanding on this link and hands it to the link's thread, which sends
     * it when the consumer grants credit (or completes it at once if the link has gone).
     */
    void deliver(RoutedDelivery delivery);

    /** Any thread: deliveries handed to this link and not yet settled; balanced distribution compares these. */
    int outstanding();

    /** Whether this consumer is part of the router itself (its management agent), not a link to a client. */
    default boolean inProcess() {
        return false;
    }
}
