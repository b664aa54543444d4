package org.jrouterd.mgmt.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as Python's {@code json} module writes and reads it: {@link #dumps} is {@code json.dumps(value,
 * indent=indent)} (ASCII only, {@code ", "} and {@code ": "} without an indent, {@code ","} at line ends with one,
 * keys in the map's order), {@link #loads} is {@code json.loads} (maps keep their order; numbers become Long,
 * BigInteger or Double). The management agent's GET-JSON-SCHEMA and the qdmanage-compatible tool both write
 * with it.
 *
 * <p>Threads: stateless; any thread.
 */
public final class PythonJson {

    private PythonJson() {
    }

    /** Thrown for a value JSON cannot hold (Python: TypeError) or text that is not JSON (ValueError). */
    public static final class JsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String pythonType;

        JsonException(String pythonType, String message) {
            super(message);
            this.pythonType = pythonType;
        }

        /** The Python exception's name the tools print, e.g. {@code TypeError}. */
        public String pythonType() {
            return pythonType;
        }
    }

    /**
     * {@code json.dumps(value, indent=indent)}.
     *
     * @param indent spaces per level, or null for one line
     */
    public static String dumps(Object value, Integer indent) {
        StringBuilder out = new StringBuilder();
        write(out, value, indent, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, Integer indent, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double d) {
            out.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : floatRepr(d));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                separator(out, i > 0, indent, level + 1);
                write(out, list.get(i), indent, level + 1);
            }
            newline(out, indent, level);
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                separator(out, !first, indent, level + 1);
                first = false;
                string(out, key(e.getKey()));
                out.append(": ");
                write(out, e.getValue(), indent, level + 1);
            }
            newline(out, indent, level);
            out.append('}');
        } else {
            String type = value instanceof byte[] ? "bytes" : value.getClass().getSimpleName();
            throw new JsonException("TypeError", "Object of type " + type + " is not JSON serializable");
        }
    }

    private static String key(Object key) {
        if (key instanceof String s) {
            return s;
        }
        if (key == null) {
            return "null";
        }
        if (key instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (key instanceof Double d) {
            return floatRepr(d);
        }
        if (key instanceof Number) {
            return key.toString();
        }
        throw new JsonException("TypeError", "keys must be str, int, float, bool or None, not "
                + key.getClass().getSimpleName());
    }

    private static void separator(StringBuilder out, boolean afterItem, Integer indent, int level) {
        if (afterItem) {
            out.append(indent == null ? ", " : ",");
        }
        newline(out, indent, level);
    }

    private static void newline(StringBuilder out, Integer indent, int level) {
        if (indent != null) {
            out.append('\n').append(" ".repeat(Math.max(0, indent) * level));
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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

    /** Python's {@code repr(float)}: the shortest digits, scientific below 1e-4 and from 1e16. */
    public static String floatRepr(double d) {
        if (d == 0.0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int decpt = digits.length() - exact.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                out.append(digits, 0, decpt).append('.').append(digits.substring(decpt));
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits.substring(1));
            }
            int exp = decpt - 1;
            out.append('e').append(exp < 0 ? '-' : '+').append(String.format("%02d", Math.abs(exp)));
        }
        return out.toString();
    }

    /** {@code json.loads(text)}. */
    public static Object loads(String text) {
        Reader reader = new Reader(text);
        reader.skipSpace();
        Object value = reader.value();
        reader.skipSpace();
        if (reader.pos < text.length()) {
            throw reader.error("Extra data");
        }
        return value;
    }

    /** A recursive-descent reader over one JSON text. Threads: one caller. */
    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Object value() {
            if (pos >= text.length()) {
                throw error("Expecting value");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                default:
                    break;
            }
            if (text.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (text.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            return number();
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("Expecting property name enclosed in double quotes");
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = pos < text.length() ? text.charAt(pos++) : '?';
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(e);
                }
            }
            throw error("Unterminated string starting at");
        }

        private Object number() {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String n = text.substring(start, pos);
            if (n.isEmpty()) {
                throw error("Expecting value");
            }
            try {
                if (n.contains(".") || n.contains("e") || n.contains("E")) {
                    return Double.parseDouble(n);
                }
                BigInteger big = new BigInteger(n);
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            } catch (NumberFormatException e) {
                pos = start;
                throw error("Expecting value");
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("Expecting '" + c + "' delimiter");
            }
            pos++;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        JsonException error(String what) {
            return new JsonException("JSONDecodeError", what + ": line 1 column " + (pos + 1) + " (char " + pos + ")");
        }
    }
}
