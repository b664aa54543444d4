package org.jrouterd.mgmt.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Decimal128;
import org.apache.qpid.proton.amqp.Decimal32;
import org.apache.qpid.proton.amqp.Decimal64;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;

/**
 * Turns attribute values into values proton-j's codec encodes: numbers, text, booleans, lists, maps and proton-j's
 * own types pass as they are (a {@link Long} goes out as AMQP long, an {@link Integer} as int, an {@link
 * UnsignedLong} as ulong, so a source chooses the wire type); other collections become lists, enums and anything
 * else become text. Stateless.
 */
final class WireValues {

    private WireValues() {
    }

    /** The value to encode for an attribute value. */
    static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer) {
            return value;
        }
        if (value instanceof Number) {
            return isAmqpNumber(value) ? value : Long.valueOf(((Number) value).longValue());
        }
        if (value instanceof Symbol || value instanceof Binary || value instanceof Character
                || value instanceof java.util.Date || value instanceof java.util.UUID) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.put(of(entry.getKey()), of(entry.getValue()));
            }
            return out;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> out = new ArrayList<>(collection.size());
            for (Object item : collection) {
                out.add(of(item));
            }
            return out;
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }

    /**
     * A value from a request body as the config file would give it: whole numbers (signed or unsigned) as
     * {@link Long}, symbols as text, maps and lists item by item; anything else as it is.
     */
    static Object plain(Object value) {
        if (value instanceof Symbol symbol) {
            return symbol.toString();
        }
        if (value instanceof UnsignedLong || value instanceof UnsignedInteger || value instanceof UnsignedShort
                || value instanceof UnsignedByte || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> out.put(String.valueOf(plain(key)), plain(item)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(WireValues::plain).toList();
        }
        return value;
    }

    private static boolean isAmqpNumber(Object value) {
        return value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float
                || value instanceof UnsignedLong || value instanceof UnsignedInteger || value instanceof UnsignedShort
                || value instanceof UnsignedByte || value instanceof Decimal32 || value instanceof Decimal64
                || value instanceof Decimal128;
    }
}
