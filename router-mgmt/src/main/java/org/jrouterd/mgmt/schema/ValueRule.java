package org.jrouterd.mgmt.schema;

/**
 * An extra check on an attribute's typed value beyond its type, e.g. the shape of a log {@code enable} string.
 */
@FunctionalInterface
public interface ValueRule {

    /**
     * Checks a value.
     *
     * @param value the typed value (never null)
     * @return null if the value is acceptable, else what is wrong, phrased to follow "attribute 'x': "
     */
    String problem(Object value);
}
