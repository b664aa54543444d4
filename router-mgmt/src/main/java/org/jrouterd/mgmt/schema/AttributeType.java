package org.jrouterd.mgmt.schema;

/**
 * The type of an attribute, as qdrouterd's schema names it. The config parser turns text into the Java type given
 * here; management will turn AMQP values into the same Java types.
 */
public enum AttributeType {
    /** Text; Java {@link String}. */
    STRING("string"),
    /** A whole number; Java {@link Long}. Text must be decimal digits with an optional sign. */
    INTEGER("integer"),
    /** yes/no, true/false, on/off (any case); Java {@link Boolean}. */
    BOOLEAN("boolean"),
    /** One of a fixed set of names (matched ignoring case, stored as the schema spells it); Java {@link String}. */
    ENUM("enum"),
    /** A map; Java {@code Map<String, Object>}. In {@code qdrouterd.conf} only as a nested JSON value. */
    MAP("map"),
    /** A JSON map of connection properties ({@code openProperties}); Java {@code Map<String, Object>}. */
    PROPERTIES("properties"),
    /** A list; Java {@code List<Object>}. */
    LIST("list"),
    /** A file or directory path; Java {@link String}. */
    PATH("path"),
    /** A reference to another entity; Java {@link String}. */
    ENTITY_ID("entityId"),
    /**
     * A TCP port: qdrouterd's schema says {@code string}, a number or a service name. jrouterd checks it: 0 to
     * 65535, or {@code amqp} (5672) or {@code amqps} (5671). Java {@link String}, kept as written.
     */
    PORT("string");

    private final String schemaName;

    AttributeType(String schemaName) {
        this.schemaName = schemaName;
    }

    /** The type name qdrouterd's schema uses (GET-SCHEMA will report it). */
    public String schemaName() {
        return schemaName;
    }
}
