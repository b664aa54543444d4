package org.jrouterd.tools.stat;

import java.util.Map;
import org.jrouterd.tools.client.ToolFailure;

/**
 * One entity of a QUERY as qdstat reads it: {@link #get} is {@code getattr(obj, attr, None)}, {@link #attr} is
 * {@code obj.attr}, which fails (AttributeError) for an attribute the response did not carry, and {@link #has}
 * is {@code hasattr}. qdstat's views rely on that difference to choose their columns.
 *
 * <p>Threads: immutable after construction; any thread.
 */
final class StatEntity {

    private final Map<String, Object> attributes;

    StatEntity(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    boolean has(String name) {
        return attributes.containsKey(name);
    }

    Object get(String name) {
        return attributes.get(name);
    }

    Object attr(String name) {
        if (!attributes.containsKey(name)) {
            throw new ToolFailure("AttributeError", "");
        }
        return attributes.get(name);
    }

    /** {@code obj.attr} as text, for attributes qdstat uses as strings (null stays null). */
    String text(String name) {
        Object value = attr(name);
        return value == null ? null : String.valueOf(value);
    }
}
