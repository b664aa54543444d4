package org.jrouterd.core.linkstate;

/**
 * What the link-state engine tells the forwarding layer. Called on the core thread, from inside the engine's
 * methods; implementations must not call back into the engine.
 */
public interface LinkStateListener {

    /** A listener that ignores everything. */
    LinkStateListener NONE = new LinkStateListener() {
    };

    /** Paths changed (next hop, cost or valid origins of some router, or a router became (un)reachable). */
    default void topologyChanged(Topology topology) {
    }

    /** {@code routerId} now has a destination for mobile address {@code addressKey} (e.g. {@code M0foo}). */
    default void remoteAddressAdded(String routerId, String addressKey, TreatmentHint hint) {
    }

    /** {@code routerId} no longer has a destination for {@code addressKey}. */
    default void remoteAddressRemoved(String routerId, String addressKey) {
    }

    /**
     * A neighbour sent no HELLO within helloMaxAgeSeconds while its control link stayed attached: it is no
     * longer a neighbour; {@code linkId} is the link it was heard on.
     */
    default void neighbourLost(String routerId, long linkId) {
    }

    /** Two routers share an id; logged as critical too. */
    default void duplicateRouterId(DuplicateRouterId event) {
    }
}
