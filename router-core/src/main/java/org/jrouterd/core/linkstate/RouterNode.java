package org.jrouterd.core.linkstate;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What this router knows about one other router: its instance, its link state and when an RA last refreshed
 * it, whether it is a neighbour (and over which control link), its mobile addresses and sequence, and which
 * requests are owed to it. Mutable; owned by the core thread through {@link LinkStateEngine}.
 */
final class RouterNode {

    static final long NO_LINK = Long.MIN_VALUE;
    static final long NO_INSTANCE = Long.MIN_VALUE;

    final String id;
    long instance = NO_INSTANCE;
    final Set<Long> earlierInstances = new HashSet<>();
    long protocolVersion;
    LinkState linkState;
    long linkStateSeenAt;
    /** When an LSU last replaced {@link #linkState} (clock ms). */
    long linkStateReceivedAt = Long.MIN_VALUE / 4;
    long linkId = NO_LINK;
    /** Other control links a HELLO listing us came in on (a second connection to the same router), by id. */
    final Map<Long, StandbyLink> standbyLinks = new LinkedHashMap<>(1);
    long neighbourRefreshedAt;
    long mobileSeq;
    final Map<String, TreatmentHint> addresses = new LinkedHashMap<>();
    long advertisedLsSeq;
    long advertisedMobileSeq;
    long lsrSentAt = Long.MIN_VALUE / 4;
    long marSentAt = Long.MIN_VALUE / 4;
    boolean linkStateRequested = true;
    boolean mobileAddressesRequested;
    boolean marOutstanding;
    /** When the router was first seen unreferenced (clock ms), or Long.MIN_VALUE / 4 while referenced. */
    long orphanSince = Long.MIN_VALUE / 4;

    RouterNode(String id, long now) {
        this.id = id;
        this.linkState = LinkState.unknown(id);
        this.linkStateSeenAt = now;
    }

    /** A second control link to a neighbour, kept in reserve: its cost and when a HELLO last came in on it. */
    static final class StandbyLink {
        final long cost;
        long heardAt;

        StandbyLink(long cost, long heardAt) {
            this.cost = cost;
            this.heardAt = heardAt;
        }
    }

    boolean isNeighbour() {
        return linkId != NO_LINK;
    }

    /** Records {@code newInstance}; true when it replaces a different known instance (the router restarted). */
    boolean restartedAs(long newInstance) {
        if (instance == NO_INSTANCE) {
            instance = newInstance;
            return false;
        }
        if (instance == newInstance) {
            return false;
        }
        earlierInstances.add(instance);
        instance = newInstance;
        return true;
    }

    /** True for an instance this router had before its current one: a restart never goes back to one. */
    boolean isEarlierInstance(long otherInstance) {
        return earlierInstances.contains(otherInstance);
    }
}
