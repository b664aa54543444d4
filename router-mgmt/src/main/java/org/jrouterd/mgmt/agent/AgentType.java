package org.jrouterd.mgmt.agent;

import java.util.List;
import org.jrouterd.mgmt.schema.EntityType;

/**
 * One entity type as the agent reports it: qdrouterd's name without the prefix (e.g. {@code router.config.address}),
 * its full name, its base types (full names, nearest first), its attribute names in qdrouterd's order (its own, then
 * {@code name}, {@code identity}, {@code type}) and its operations (those of the schema and READ). Immutable.
 *
 * @param name the name without the prefix
 * @param fullName the name with the prefix {@code org.apache.qpid.dispatch.}
 * @param bases the full names of the base types, nearest first
 * @param attributeNames the attribute names, own first, then name, identity, type
 * @param operations the operations, READ last
 * @param schemaType the schema's type, or null for the base types ({@code entity}, ...)
 */
record AgentType(String name, String fullName, List<String> bases, List<String> attributeNames,
        List<String> operations, EntityType schemaType) {

    /** Tells whether this type is the management node itself ({@code org.amqp.management} or {@code management}). */
    boolean node() {
        return name.equals(TypeCatalog.NODE) || name.equals(TypeCatalog.MANAGEMENT);
    }

    /** Tells whether this type is {@code other} or extends it. */
    boolean isA(AgentType other) {
        return other.fullName.equals(fullName) || bases.contains(other.fullName);
    }

    /** Tells whether the type allows an operation (ignoring case, as qdrouterd does). */
    boolean allows(String operation) {
        return operations.stream().anyMatch(operation::equalsIgnoreCase);
    }
}
