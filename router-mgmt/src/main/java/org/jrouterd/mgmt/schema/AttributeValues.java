package org.jrouterd.mgmt.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a written attribute value into the Java type its {@link AttributeType} promises, and checks ranges and
 * rules. Text comes from {@code qdrouterd.conf}; JSON values from a {@code .json} file or a management request.
 * Stateless.
 */
public final class AttributeValues {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("amqp", 5672, "amqps", 5671);

    private AttributeValues() {
    }

    /**
     * Converts and checks one value.
     *
     * @param def the attribute
     * @param raw a {@link String}, or a plain JSON value ({@link Long}, {@link Double}, {@link Boolean}, map, list)
     * @return the typed value
     * @throws InvalidValueException if the value does not fit; the message names the value, not the attribute
     */
    public static Object coerce(AttributeDef def, Object raw) throws InvalidValueException {
        if (raw == null) {
            throw new InvalidValueException("null is not a value; leave the attribute out instead");
        }
        Object value = switch (def.type()) {
            case STRING, PATH, ENTITY_ID -> text(raw);
            case PORT -> port(raw);
            case INTEGER -> integer(raw);
            case BOOLEAN -> bool(raw);
            case ENUM -> enumValue(def, raw);
            case MAP, PROPERTIES -> map(raw);
            case LIST -> list(raw);
        };
        checkRange(def, value);
        for (ValueRule rule : def.rules()) {
            String problem = rule.problem(value);
            if (problem != null) {
                throw new InvalidValueException(problem);
            }
        }
        return value;
    }

    /**
     * Resolves a port attribute's value to a number.
     *
     * @param written the value as stored, e.g. {@code 5672}, {@code 0} or {@code amqp}
     * @return 0 to 65535
     * @throws IllegalArgumentException if it is neither a port number nor a known service name
     */
    public static int portNumber(String written) {
        Integer service = SERVICE_PORTS.get(written.toLowerCase(Locale.ROOT));
        if (service != null) {
            return service;
        }
        if (INTEGER.matcher(written).matches() && written.length() <= 6) {
            int number = Integer.parseInt(written);
            if (number >= 0 && number <= 65535) {
                return number;
            }
        }
        throw new IllegalArgumentException("'" + written + "' is not a port: use 0 to 65535 or a service name ("
                + String.join(", ", SERVICE_PORTS.keySet().stream().sorted().toList()) + ")");
    }

    private static String text(Object raw) throws InvalidValueException {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Long || raw instanceof Boolean || raw instanceof Double) {
            return String.valueOf(raw);
        }
        throw new InvalidValueException("expects text, not " + jsonKind(raw));
    }

    private static String port(Object raw) throws InvalidValueException {
        String written = text(raw).trim();
        try {
            portNumber(written);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
        return written;
    }

    private static Long integer(Object raw) throws InvalidValueException {
        if (raw instanceof Long l) {
            return l;
        }
        if (raw instanceof String s && INTEGER.matcher(s.trim()).matches()) {
            try {
                return Long.parseLong(s.trim().startsWith("+") ? s.trim().substring(1) : s.trim());
            } catch (NumberFormatException tooBig) {
                throw new InvalidValueException("'" + s + "' is too large");
            }
        }
        throw new InvalidValueException(describe(raw) + " is not an integer");
    }

    private static Boolean bool(Object raw) throws InvalidValueException {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "yes", "true", "on":
                    return Boolean.TRUE;
                case "no", "false", "off":
                    return Boolean.FALSE;
                default:
                    break;
            }
        }
        throw new InvalidValueException(describe(raw) + " is not a boolean: use yes/no, true/false or on/off");
    }

    private static String enumValue(AttributeDef def, Object raw) throws InvalidValueException {
        String written = text(raw).trim();
        for (String allowed : def.enumValues()) {
            if (allowed.equalsIgnoreCase(written)) {
                return allowed;
            }
        }
        throw new InvalidValueException("'" + written + "' is not one of " + String.join(", ", def.enumValues()));
    }

    private static Map<?, ?> map(Object raw) throws InvalidValueException {
        if (raw instanceof Map<?, ?> m) {
            return m;
        }
        throw new InvalidValueException("expects a JSON object ({ ... }), not " + jsonKind(raw));
    }

    private static List<?> list(Object raw) throws InvalidValueException {
        if (raw instanceof List<?> l) {
            return l;
        }
        throw new InvalidValueException("expects a JSON array ([ ... ]), not " + jsonKind(raw));
    }

    private static void checkRange(AttributeDef def, Object value) throws InvalidValueException {
        if (!(value instanceof Long number)) {
            return;
        }
        if (def.min() != null && number < def.min()) {
            throw new InvalidValueException(number + " is too small: the minimum is " + def.min());
        }
        if (def.max() != null && number > def.max()) {
            throw new InvalidValueException(number + " is too large: the maximum is " + def.max());
        }
    }

    private static String describe(Object raw) {
        return raw instanceof String s ? "'" + s + "'" : jsonKind(raw);
    }

    private static String jsonKind(Object raw) {
        if (raw instanceof String s) {
            return "text '" + s + "'";
        }
        if (raw instanceof Map) {
            return "a JSON object";
        }
        if (raw instanceof List) {
            return "a JSON array";
        }
        if (raw instanceof Boolean) {
            return "a boolean (" + raw + ")";
        }
        return "a number (" + raw + ")";
    }
}
