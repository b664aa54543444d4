package org.jrouterd.tools.manage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrouterd.mgmt.schema.AttributeDef;
import org.jrouterd.mgmt.schema.AttributeType;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.mgmt.schema.EntityType;
import org.jrouterd.tools.client.ToolFailure;

/**
 * qdmanage's {@code name=value} arguments: {@code true}/{@code false} become booleans, a value of an attribute
 * the schema types as integer becomes a number, {@code name} alone is null; and its long type names
 * ({@code listener} is {@code org.apache.qpid.dispatch.listener}, {@code address} is
 * {@code org.apache.qpid.dispatch.router.config.address}, {@code link} is {@code ...router.link}).
 *
 * <p>Threads: immutable; any thread.
 */
final class AttributeArguments {

    static final String PREFIX = "org.apache.qpid.dispatch.";

    private final EntitySchema schema;

    AttributeArguments(EntitySchema schema) {
        this.schema = schema;
    }

    /** qdmanage's {@code long_type}: a name without a dot gets the prefix (and its section). */
    static String longType(String type) {
        if (type == null || type.isEmpty() || type.contains(".")) {
            return type;
        }
        if (type.equals("link") || type.equals("node")) {
            return PREFIX + "router." + type;
        }
        if (type.equals("linkRoute") || type.equals("address") || type.equals("autoLink")) {
            return PREFIX + "router.config." + type;
        }
        return PREFIX + type;
    }

    /** The arguments as an ordered map of attribute values, for entities of {@code type} (may be null). */
    Map<String, Object> parse(List<String> arguments, String type) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String argument : arguments) {
            int eq = argument.indexOf('=');
            if (eq < 0) {
                attributes.put(argument, null);
                continue;
            }
            String name = argument.substring(0, eq);
            String text = argument.substring(eq + 1);
            attributes.put(name, value(name, text, type));
        }
        return attributes;
    }

    private Object value(String name, String text, String type) {
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        EntityType entityType = type == null ? null : schema.type(type);
        AttributeDef def = entityType == null ? null : entityType.attribute(name);
        if (def != null && def.type() == AttributeType.INTEGER) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new ToolFailure("ValueError", "invalid literal for int() with base 10: '" + text + "'");
            }
        }
        return text;
    }
}
