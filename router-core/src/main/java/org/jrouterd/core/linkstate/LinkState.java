package org.jrouterd.core.linkstate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One router's link state: its neighbours with link costs, numbered by {@code lsSeq}, which the router bumps on
 * every change. {@code lsSeq} 0 with no peers means "not known".
 *
 * <p>Threads: immutable; any thread.
 */
public record LinkState(String id, String area, long lsSeq, Map<String, Long> peers) {

    public LinkState {
        Objects.requireNonNull(id, "id");
        area = area == null ? ControlAddresses.AREA : area;
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    /** The empty, unknown link state of a router. */
    public static LinkState unknown(String id) {
        return new LinkState(id, ControlAddresses.AREA, 0, Map.of());
    }

    /** True once a link state with a sequence number has been received (or, for our own, ever bumped). */
    public boolean isKnown() {
        return lsSeq > 0;
    }
}
