package org.jrouterd.core.address;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the router spreads the messages sent to an address over its consumers: the {@code distribution} attribute of
 * an {@code address {}} configuration entry.
 */
public enum Distribution {
    /** One copy per consumer, at most one copy per inter-router connection. */
    MULTICAST,
    /** One consumer, the one with the lowest cost; ties are spread. */
    CLOSEST,
    /** One consumer, the one with the fewest unsettled deliveries. The router's default. */
    BALANCED,
    /** Nothing is routed: attaches and deliveries are refused with {@code amqp:not-found}. */
    UNAVAILABLE;

    private static final String ALLOWED = Arrays.stream(values())
            .map(Distribution::configName)
            .collect(Collectors.joining(", "));

    private final String configName = name().toLowerCase(Locale.ROOT);

    /**
     * Parses a distribution as written in the configuration, ignoring case.
     *
     * @param configName {@code multicast}, {@code closest}, {@code balanced} or {@code unavailable}
     * @return the distribution
     * @throws IllegalArgumentException if {@code configName} is none of those (or null)
     */
    public static Distribution parse(String configName) {
        if (configName != null) {
            String lower = configName.toLowerCase(Locale.ROOT);
            for (Distribution distribution : values()) {
                if (distribution.configName.equals(lower)) {
                    return distribution;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown distribution '" + configName + "': expected one of " + ALLOWED);
    }

    /**
     * Returns the name used in the configuration and by management.
     *
     * @return the lower-case name, e.g. {@code balanced}
     */
    public String configName() {
        return configName;
    }
}
