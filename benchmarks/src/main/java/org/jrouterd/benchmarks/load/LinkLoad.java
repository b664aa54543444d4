package org.jrouterd.benchmarks.load;

import org.apache.qpid.proton.engine.Delivery;

/**
 * The work of one link, driven by its connection's thread: {@link #doWork} sends or consumes what it can without
 * blocking, {@link #onDelivery} reacts to a disposition from the peer.
 */
interface LinkLoad {
    /** Sends or consumes what credit and limits allow; returns whether anything happened. */
    boolean doWork(long now);

    /** A delivery of this link was updated by the peer (settled, disposition, more bytes). */
    default void onDelivery(Delivery delivery, long now) {
    }

    /** Whether this link has done all it was asked to do. */
    boolean finished(long now);
}
