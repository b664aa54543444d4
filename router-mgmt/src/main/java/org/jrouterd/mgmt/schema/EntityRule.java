package org.jrouterd.mgmt.schema;

import java.util.Map;

/**
 * A check across several attributes of one entity, e.g. "exactly one of prefix or pattern".
 */
@FunctionalInterface
public interface EntityRule {

    /**
     * Checks an entity's typed attributes (defaults already filled in).
     *
     * @param attributes the attributes by canonical name
     * @return null if acceptable, else the problem
     */
    Problem check(Map<String, Object> attributes);

    /**
     * What is wrong and which attribute it is best reported at.
     *
     * @param attribute the canonical attribute name the problem is about, or null for the whole entity
     * @param message   what is wrong, phrased to follow "address: "
     */
    record Problem(String attribute, String message) {
    }
}
