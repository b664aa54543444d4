package org.jrouterd.mgmt.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/**
 * The parts of a management request the agent reads: its application properties and its body. Immutable once
 * built.
 *
 * @param properties the application properties (empty when the request has none)
 * @param body the body: the value of an amqp-value section, the list of an amqp-sequence, the bytes of a data
 *     section as {@link Binary}, or null
 */
record Request(Map<String, Object> properties, Object body) {

    /** Reads a request message. */
    static Request of(Message message) {
        ApplicationProperties section = message.getApplicationProperties();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (section != null && section.getValue() != null) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) section.getValue()).entrySet()) {
                properties.put(String.valueOf(entry.getKey()), entry.getValue());
            }
        }
        return new Request(properties, bodyOf(message.getBody()));
    }

    private static Object bodyOf(Section body) {
        if (body instanceof AmqpValue value) {
            return value.getValue();
        }
        if (body instanceof AmqpSequence sequence) {
            return sequence.getValue();
        }
        if (body instanceof Data data) {
            return data.getValue();
        }
        return null;
    }

    /**
     * A text property.
     *
     * @param key the property name
     * @return its value (a symbol as text), or null when absent
     * @throws StatusException 400 when the value is not text
     */
    String text(String key) {
        Object value = properties.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Symbol symbol) {
            return symbol.toString();
        }
        throw Status.badRequest("'" + key + "' property is not a string: " + PythonText.repr(value));
    }

    /**
     * An integer property as qdrouterd's C agent reads {@code offset} and {@code count}: a number is used as it is;
     * anything else counts as 0.
     *
     * @param key the property name
     * @param absent the value when the property is missing
     * @return the value
     */
    long lenientInteger(String key, long absent) {
        if (!properties.containsKey(key) || properties.get(key) == null) {
            return absent;
        }
        return properties.get(key) instanceof Number number ? number.longValue() : 0;
    }

    /**
     * An integer property as qdrouterd's Python agent reads {@code limit} and {@code indent}: a number, or text
     * holding one.
     *
     * @param key the property name
     * @return the value, or null when absent
     * @throws StatusException 500 with Python's ValueError text when the value is not an integer, as qdrouterd
     */
    Integer strictInteger(String key) {
        Object value = properties.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new StatusException(new Status(Status.INTERNAL_SERVER_ERROR,
                    "ValueError: invalid literal for int() with base 10: " + PythonText.repr(value.toString())));
        }
    }
}
