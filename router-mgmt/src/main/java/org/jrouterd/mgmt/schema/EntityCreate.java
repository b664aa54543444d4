package org.jrouterd.mgmt.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One entity creation, as the config file and a management CREATE both produce it: the type and the checked,
 * typed attributes (canonical names, defaults filled in). Values are {@link String}, {@link Long},
 * {@link Boolean}, {@code Map<String, Object>} or {@code List<Object>} as the attribute's {@link AttributeType}
 * says. Immutable.
 *
 * @param type       the entity type
 * @param attributes attribute values by canonical name, in schema order
 * @param given      the canonical names of the attributes that were written (the rest are defaults)
 * @param origin     where it came from, e.g. {@code /etc/qpid-dispatch/qdrouterd.conf:12}, or null
 * @param lines      the line each written attribute is on, by canonical name (empty when there are no lines)
 */
public record EntityCreate(EntityType type, Map<String, Object> attributes, Set<String> given, String origin,
                           Map<String, Integer> lines) {

    public EntityCreate {
        Objects.requireNonNull(type, "type");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        given = Set.copyOf(given);
        lines = Map.copyOf(lines);
    }

    /** An entity without attribute lines (e.g. from a management request). */
    public EntityCreate(EntityType type, Map<String, Object> attributes, Set<String> given, String origin) {
        this(type, attributes, given, origin, Map.of());
    }

    /**
     * Where an attribute was written, as {@code file:line}: the attribute's own line when it was written on one,
     * else the entity's {@link #origin()} (which may be null).
     */
    public String origin(String attribute) {
        Integer line = lines.get(attribute);
        if (origin == null || line == null || line <= 0) {
            return origin;
        }
        int colon = origin.lastIndexOf(':');
        return (colon < 0 ? origin : origin.substring(0, colon)) + ":" + line;
    }

    /** Tells whether the attribute was written, rather than filled in from its default. */
    public boolean isGiven(String attribute) {
        return given.contains(attribute);
    }

    /** The {@code name} attribute, or null when none was given. */
    public String name() {
        return (String) attributes.get("name");
    }

    /** Tells whether the attribute has a value (given, or a default). */
    public boolean has(String attribute) {
        return attributes.get(attribute) != null;
    }

    /** A text (string, enum, path, port) attribute, or null. */
    public String string(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : (String) value;
    }

    /** An integer attribute, or null. */
    public Long integer(String attribute) {
        return (Long) attributes.get(attribute);
    }

    /**
     * An integer attribute as an {@code int}.
     *
     * @throws NullPointerException if it has no value
     * @throws ArithmeticException  if it does not fit
     */
    public int intValue(String attribute) {
        return Math.toIntExact(Objects.requireNonNull(integer(attribute), attribute));
    }

    /** A boolean attribute, or null. */
    public Boolean bool(String attribute) {
        return (Boolean) attributes.get(attribute);
    }

    /** A map attribute, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String attribute) {
        return (Map<String, Object>) attributes.get(attribute);
    }

    /**
     * A port attribute as a number ({@code amqp} is 5672, {@code amqps} 5671).
     *
     * @throws NullPointerException if it has no value
     */
    public int port(String attribute) {
        return AttributeValues.portNumber(Objects.requireNonNull(string(attribute), attribute));
    }

    @Override
    public String toString() {
        return type.shortName() + attributes + (origin == null ? "" : " from " + origin);
    }
}
