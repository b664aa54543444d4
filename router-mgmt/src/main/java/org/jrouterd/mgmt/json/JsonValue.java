package org.jrouterd.mgmt.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed JSON value and the line it starts on. {@link #value()} is a {@link String}, a {@link Long} (integral
 * numbers that fit), a {@link Double} (other numbers), a {@link Boolean}, {@code null}, an unmodifiable
 * {@code List<JsonValue>} or an unmodifiable, insertion-ordered {@code Map<String, JsonValue>}.
 *
 * @param value the value, as above
 * @param line  the 1-based line of the value's first character
 */
public record JsonValue(Object value, int line) {

    /** Tells whether this is a JSON object. */
    public boolean isObject() {
        return value instanceof Map;
    }

    /** Tells whether this is a JSON array. */
    public boolean isArray() {
        return value instanceof List;
    }

    /**
     * Returns the members of an object.
     *
     * @return the members in file order
     * @throws ClassCastException if this is not an object
     */
    @SuppressWarnings("unchecked")
    public Map<String, JsonValue> members() {
        return (Map<String, JsonValue>) value;
    }

    /**
     * Returns the elements of an array.
     *
     * @return the elements in file order
     * @throws ClassCastException if this is not an array
     */
    @SuppressWarnings("unchecked")
    public List<JsonValue> elements() {
        return (List<JsonValue>) value;
    }

    /**
     * Returns the value without line numbers: maps become insertion-ordered {@code Map<String, Object>}, arrays
     * {@code List<Object>}, both unmodifiable.
     *
     * @return the plain value
     */
    public Object plain() {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            members().forEach((key, member) -> copy.put(key, member.plain()));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            elements().forEach(element -> copy.add(element.plain()));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** A short description of the value's kind for error messages: "a string", "an object", ... */
    public String kind() {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value instanceof Map ? "an object" : "an array";
    }
}
