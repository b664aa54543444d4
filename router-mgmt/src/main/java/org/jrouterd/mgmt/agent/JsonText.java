package org.jrouterd.mgmt.agent;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as JSON the way Python's {@code json.dumps} lays it out, for
 * GET-JSON-SCHEMA: {@code ", "} and {@code ": "} without an indent; with an indent, one item per line. Stateless.
 */
final class JsonText {

    private JsonText() {
    }

    /**
     * Writes a value.
     *
     * @param value the value
     * @param indent spaces per level, or null for one line
     * @return the JSON text
     */
    static String write(Object value, Integer indent) {
        StringBuilder out = new StringBuilder();
        append(out, value, indent, 0);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, Integer indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            container(out, '{', '}', map.entrySet().iterator(), indent, depth, (entry, d) -> {
                appendString(out, String.valueOf(entry.getKey()));
                out.append(": ");
                append(out, entry.getValue(), indent, d);
            });
        } else if (value instanceof List<?> list) {
            container(out, '[', ']', list.iterator(), indent, depth, (item, d) -> append(out, item, indent, d));
        } else {
            appendString(out, value.toString());
        }
    }

    private interface ItemWriter<T> {
        void write(T item, int depth);
    }

    private static <T> void container(StringBuilder out, char open, char close, Iterator<T> items, Integer indent,
            int depth, ItemWriter<T> writer) {
        out.append(open);
        if (!items.hasNext()) {
            out.append(close);
            return;
        }
        while (items.hasNext()) {
            newline(out, indent, depth + 1);
            writer.write(items.next(), depth + 1);
            if (items.hasNext()) {
                out.append(indent == null ? ", " : ",");
            }
        }
        newline(out, indent, depth);
        out.append(close);
    }

    private static void newline(StringBuilder out, Integer indent, int depth) {
        if (indent != null) {
            out.append('\n').append(" ".repeat(Math.max(0, indent) * depth));
        }
    }

    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
