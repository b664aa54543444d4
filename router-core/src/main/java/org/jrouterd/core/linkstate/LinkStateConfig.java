package org.jrouterd.core.linkstate;

import java.util.Objects;

/**
 * The link-state engine's settings: the router id, its instance (boot time in seconds, new on every start) and
 * the timers of the {@code router} entity, in seconds (defaults as qdrouterd's).
 *
 * <p>Threads: immutable; any thread.
 */
public record LinkStateConfig(String routerId, long instance, int helloIntervalSeconds, int helloMaxAgeSeconds,
        int raIntervalSeconds, int raIntervalFluxSeconds, int remoteLsMaxAgeSeconds) {

    public LinkStateConfig {
        Objects.requireNonNull(routerId, "routerId");
        if (routerId.isEmpty()) {
            throw new IllegalArgumentException("routerId is empty");
        }
        if (helloIntervalSeconds <= 0 || helloMaxAgeSeconds <= 0 || raIntervalSeconds <= 0
                || raIntervalFluxSeconds <= 0 || remoteLsMaxAgeSeconds <= 0) {
            throw new IllegalArgumentException("intervals and ages must be positive");
        }
    }

    /** qdrouterd's defaults: hello 1 s, hello max age 3 s, RA 30 s, RA in flux 4 s, remote link state 60 s. */
    public static LinkStateConfig defaults(String routerId, long instance) {
        return new LinkStateConfig(routerId, instance, 1, 3, 30, 4, 60);
    }
}
