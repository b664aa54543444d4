package org.jrouterd.core.forward;

import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * What the forwarder needs to know about one message's journey through the mesh, and the message as it must
 * travel to the next router. For a message from a local client the ingress is this router and the trace is
 * empty; for one received from a neighbour they come from its {@code x-opt-qd.ingress} and {@code x-opt-qd.trace}
 * annotations.
 *
 * <p>Threads: one instance per I/O thread, reset for each message and used only while that message is forwarded.
 */
public interface InterRouterEnvelope {

    /** The router the message entered the mesh at (without the {@code 0/} area prefix). */
    String ingress();

    /** Whether the message entered the mesh at this router (from a local producer). */
    boolean enteredHere();

    /**
     * Whether a part of this router itself (its management agent) sent the message: it is then counted as
     * {@code deliveriesFromContainer} of its address rather than as ingress.
     */
    default boolean fromContainer() {
        return false;
    }

    /** Whether the message has already passed through {@code routerId} (it is in the trace). */
    boolean visited(String routerId);

    /** The message priority, 0 to 9: it selects the inter-router data link. */
    int priority();

    /**
     * The payload to send to a neighbour: ingress set if it was not, this router appended to the trace, and
     * {@code x-opt-qd.to} set when the producer's link had a target address. Computed at most once per message and
     * shared by every copy sent to a neighbour.
     */
    ReadableBuffer payloadForNeighbours();
}
