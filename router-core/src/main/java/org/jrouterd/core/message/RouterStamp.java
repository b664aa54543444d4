package org.jrouterd.core.message;

import static org.jrouterd.core.message.AmqpEncoding.STR_32;
import static org.jrouterd.core.message.AmqpEncoding.STR_8;
import static org.jrouterd.core.message.AmqpEncoding.SYM_8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What one router adds to a message it passes to a neighbour, pre-encoded: the {@code x-opt-qd.ingress} entry
 * naming it, the {@code x-opt-qd.trace} key and its own trace element ({@code 0/<router-id>}), and the
 * {@code x-opt-qd.to} entry of the last target address asked for (a producer link sends many messages to one).
 * Used by {@link AnnotationRewriter#rewriteForNeighbour}.
 *
 * <p>Threads: one instance per connection, owned by its I/O thread (the {@code to} entry is cached).
 */
public final class RouterStamp {

    static final String INGRESS = "x-opt-qd.ingress";
    static final String TRACE = "x-opt-qd.trace";
    static final String TO = "x-opt-qd.to";
    private static final String AREA = "0/";

    private final byte[] ingressEntry;
    private final byte[] traceKey;
    private final byte[] traceElement;
    private final byte[] toKey;
    private final byte[][][] keyNames = new byte[4][][];
    private String lastTo;
    private byte[] lastToEntry;

    /** The stamp of router {@code routerId} (area 0). */
    public RouterStamp(String routerId) {
        byte[] self = string(AREA + routerId);
        this.ingressEntry = concat(symbol(INGRESS), self);
        this.traceKey = symbol(TRACE);
        this.traceElement = self;
        this.toKey = symbol(TO);
        byte[] ingress = AmqpEncoding.ascii(INGRESS);
        byte[] trace = AmqpEncoding.ascii(TRACE);
        byte[] to = AmqpEncoding.ascii(TO);
        keyNames[0] = new byte[][] {trace};
        keyNames[1] = new byte[][] {ingress, trace};
        keyNames[2] = new byte[][] {trace, to};
        keyNames[3] = new byte[][] {ingress, trace, to};
    }

    /** {@code x-opt-qd.ingress} and its value {@code 0/<router-id>}, encoded. */
    byte[] ingressEntry() {
        return ingressEntry;
    }

    /** The {@code x-opt-qd.trace} key, encoded. */
    byte[] traceKey() {
        return traceKey;
    }

    /** {@code 0/<router-id>} as an encoded string: the element this router appends to the trace. */
    byte[] traceElement() {
        return traceElement;
    }

    /** {@code x-opt-qd.to} and its value {@code to}, encoded (cached for the last address). */
    byte[] toEntry(String to) {
        if (!to.equals(lastTo)) {
            lastToEntry = concat(toKey, string(to));
            lastTo = to;
        }
        return lastToEntry;
    }

    /** The names of the keys put: trace always, ingress and {@code to} as asked. */
    byte[][] keyNames(boolean ingress, boolean to) {
        return keyNames[(ingress ? 1 : 0) + (to ? 2 : 0)];
    }

    private static byte[] symbol(String name) {
        byte[] ascii = AmqpEncoding.ascii(name);
        return ByteBuffer.allocate(2 + ascii.length).put((byte) SYM_8).put((byte) ascii.length).put(ascii).array();
    }

    private static byte[] string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 0xff) {
            return ByteBuffer.allocate(2 + utf8.length).put((byte) STR_8).put((byte) utf8.length).put(utf8).array();
        }
        return ByteBuffer.allocate(5 + utf8.length).put((byte) STR_32).putInt(utf8.length).put(utf8).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
