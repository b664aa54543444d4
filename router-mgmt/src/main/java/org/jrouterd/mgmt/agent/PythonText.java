package org.jrouterd.mgmt.agent;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes values the way Python's {@code repr} does ({@code ['a', 'b']}, {@code {'type': None}}), because
 * qdrouterd's agent is Python and its status descriptions embed such text; clients and scripts see it. Stateless.
 */
final class PythonText {

    private PythonText() {
    }

    /** The Python repr of a value: strings quoted with ', lists in [], maps in {}, None, True, False. */
    static String repr(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof CharSequence || value instanceof org.apache.qpid.proton.amqp.Symbol) {
            String text = value.toString();
            char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
            out.append(quote);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' || c == quote) {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append(quote);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (Iterator<?> it = list.iterator(); it.hasNext();) {
                append(out, it.next());
                if (it.hasNext()) {
                    out.append(", ");
                }
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext();) {
                Map.Entry<?, ?> entry = it.next();
                append(out, entry.getKey());
                out.append(": ");
                append(out, entry.getValue());
                if (it.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }
}
