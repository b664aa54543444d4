package org.jrouterd.tools.client;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;

/**
 * Turns decoded AMQP values into the few kinds Python Proton gives qdstat and qdmanage: null, Boolean, Long (or
 * BigInteger above a long), Double, String (also for symbols and chars), byte[], UUID, List and Map (insertion
 * order kept). Timestamps are milliseconds, as Python Proton's {@code timestamp} is an int.
 *
 * <p>Threads: stateless; any thread.
 */
public final class AmqpValues {

    private AmqpValues() {
    }

    /** The value in the tools' terms. */
    public static Object normalize(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof UUID) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof UnsignedLong u) {
            BigInteger big = u.bigIntegerValue();
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof UnsignedInteger || value instanceof UnsignedShort || value instanceof UnsignedByte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Symbol || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Date d) {
            return d.getTime();
        }
        if (value instanceof Binary b) {
            byte[] copy = new byte[b.getLength()];
            System.arraycopy(b.getArray(), b.getArrayOffset(), copy, 0, b.getLength());
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(normalize(k), normalize(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        if (value instanceof Object[] array) {
            List<Object> out = new ArrayList<>(array.length);
            for (Object v : array) {
                out.add(normalize(v));
            }
            return out;
        }
        return value;
    }
}
