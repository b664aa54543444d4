package org.jrouterd.transport.sasl.scram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code k=value} attributes of one SCRAM message, in order (RFC 5802 §5), and the {@code saslname} escaping
 * of user names. Immutable.
 */
public final class ScramAttributes {

    private final Map<Character, String> values;

    private ScramAttributes(Map<Character, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code a=1,b=2,...}.
     *
     * @throws IllegalArgumentException when an attribute is not a letter, '=' and a value, or appears twice
     */
    public static ScramAttributes parse(String message) {
        Map<Character, String> values = new LinkedHashMap<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=' || !Character.isLetter(part.charAt(0))) {
                throw new IllegalArgumentException("malformed SCRAM attribute: " + part);
            }
            if (values.put(part.charAt(0), part.substring(2)) != null) {
                throw new IllegalArgumentException("SCRAM attribute given twice: " + part.charAt(0));
            }
        }
        return new ScramAttributes(values);
    }

    /** The value of attribute {@code name}, or null. */
    public String get(char name) {
        return values.get(name);
    }

    /** The value of attribute {@code name}, which must be there. */
    public String require(char name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("SCRAM attribute " + name + " is missing");
        }
        return value;
    }

    /** The attribute names in order. */
    public java.util.Set<Character> names() {
        return values.keySet();
    }

    /** A user name from its {@code saslname} form: {@code =2C} is ',', {@code =3D} is '='. */
    public static String decodeName(String saslname) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < saslname.length(); i++) {
            char c = saslname.charAt(i);
            if (c == '=') {
                String code = saslname.length() >= i + 3 ? saslname.substring(i + 1, i + 3) : "";
                if (code.equals("2C")) {
                    out.append(',');
                } else if (code.equals("3D")) {
                    out.append('=');
                } else {
                    throw new IllegalArgumentException("bad escape in SCRAM user name");
                }
                i += 2;
            } else if (c == ',') {
                throw new IllegalArgumentException("unescaped ',' in SCRAM user name");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A user name in its {@code saslname} form. */
    public static String encodeName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }
}
