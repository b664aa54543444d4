package org.jrouterd.core.message;

import static org.jrouterd.core.message.AmqpEncoding.DESCRIBED;
import static org.jrouterd.core.message.AmqpEncoding.LIST_32;
import static org.jrouterd.core.message.AmqpEncoding.LIST_8;
import static org.jrouterd.core.message.AmqpEncoding.MAP_32;
import static org.jrouterd.core.message.AmqpEncoding.MAP_8;
import static org.jrouterd.core.message.AmqpEncoding.MESSAGE_ANNOTATIONS;
import static org.jrouterd.core.message.AmqpEncoding.SMALL_ULONG;
import static org.jrouterd.core.message.AmqpEncoding.ascii;
import static org.jrouterd.core.message.AmqpEncoding.bytesEqual;
import static org.jrouterd.core.message.AmqpEncoding.isSymbol;
import static org.jrouterd.core.message.AmqpEncoding.skipValue;
import static org.jrouterd.core.message.AmqpEncoding.startsWith;
import static org.jrouterd.core.message.AmqpEncoding.u8;
import static org.jrouterd.core.message.AmqpEncoding.variableLength;
import static org.jrouterd.core.message.AmqpEncoding.variableStart;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Builds a copy of an encoded message whose message-annotations section is replaced, for the router's
 * {@code x-opt-qd.*} annotations: strip the ones a client supplied, then set ingress, trace, {@code to} or phase.
 * Every other section is copied byte for byte, and so are the annotations that stay; only the entries put are
 * encoded (with proton-j's encoder). A message without annotations gets a new section after its header and
 * delivery annotations, before its properties; a section left empty by stripping is dropped.
 *
 * <p>Threads: one instance belongs to one I/O thread (it holds a proton-j encoder and scratch space); it is not
 * thread-safe. The input buffer is read with absolute gets and duplicates and is never moved.
 */
public final class AnnotationRewriter {

    private static final byte[] ROUTER_KEY_PREFIX = ascii("x-opt-qd.");
    private static final int ENCODED_INITIAL = 512;
    private static final int ENCODED_KEPT = 64 * 1024;
    private static final int MAP_8_MAX = 0xff;

    private final EncoderImpl encoder;
    private final EncodedCompound annotations = new EncodedCompound();
    private final EncodedCompound traceList = new EncodedCompound();
    private ByteBuffer encoded = ByteBuffer.allocate(ENCODED_INITIAL); // the entries put, encoded
    private int[] keptRanges = new int[16]; // start, end pairs of the entries that stay
    private int keptRangeCount;
    private int keptEntries;
    private int keptBytes;
    private boolean droppedAny;

    /** Creates a rewriter with its own proton-j encoder for the values put. */
    public AnnotationRewriter() {
        DecoderImpl decoder = new DecoderImpl();
        encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /**
     * Returns {@code message} with its message annotations changed: first, if {@code stripRouterKeys}, every
     * symbol key starting with {@code x-opt-qd.} is removed; then each entry of {@code put} is set, replacing an
     * entry with the same key. Entries put are appended in {@code put}'s iteration order after those kept.
     *
     * @param message         the encoded message; not moved or changed
     * @param scanned         the scanner after a successful {@link RoutingPrefix#scan} of {@code message} (or of a
     *                        duplicate with the same position and limit)
     * @param stripRouterKeys whether to remove the {@code x-opt-qd.*} annotations already present
     * @param put             annotations to set; values are anything proton-j encodes (String, Integer,
     *                        {@code List<String>}, Symbol, ...)
     * @return a new buffer holding the rewritten message from position 0, or {@code message} itself if nothing would
     *     change (nothing to strip and nothing to put)
     * @throws IllegalArgumentException if {@code scanned} does not describe {@code message}, or a value put has a
     *     type proton-j cannot encode
     */
    public ReadableBuffer rewrite(ReadableBuffer message, RoutingPrefix scanned, boolean stripRouterKeys,
                                  Map<Symbol, ?> put) {
        Objects.requireNonNull(put, "put");
        requireScanOf(message, scanned);
        collectKept(message, scanned, stripRouterKeys, keyNames(put));
        if (!droppedAny && put.isEmpty()) {
            return message;
        }
        return assemble(message, scanned, put.size(), encodeEntries(put));
    }

    /**
     * The copy of a message for a neighbour router: {@code x-opt-qd.ingress} set to this router unless
     * {@code keepIngress}, {@code x-opt-qd.trace} the message's trace (none if {@code stripRouterKeys}) with this
     * router appended, and {@code x-opt-qd.to} set to {@code to} when not null. The same result as {@link #rewrite}
     * with those entries, but the trace's elements are copied as encoded and the constant parts come pre-encoded
     * from {@code stamp}: only the returned message is allocated.
     *
     * @param to the address to carry as {@code x-opt-qd.to}, or null to leave the message's (if any) as it is
     */
    public ReadableBuffer rewriteForNeighbour(ReadableBuffer message, RoutingPrefix scanned, boolean stripRouterKeys,
                                              RouterStamp stamp, boolean keepIngress, String to) {
        requireScanOf(message, scanned);
        collectKept(message, scanned, stripRouterKeys, stamp.keyNames(!keepIngress, to != null));
        if (encoded.capacity() > ENCODED_KEPT) {
            encoded = ByteBuffer.allocate(ENCODED_INITIAL);
        }
        encoded.clear();
        int entries = 1;
        if (!keepIngress) {
            put(stamp.ingressEntry());
            entries++;
        }
        put(stamp.traceKey());
        appendTrace(message, stripRouterKeys ? -1 : scanned.routerTraceAt(), stamp.traceElement());
        if (to != null) {
            put(stamp.toEntry(to));
            entries++;
        }
        return assemble(message, scanned, entries, encoded.position());
    }

    private static void requireScanOf(ReadableBuffer message, RoutingPrefix scanned) {
        if (!scanned.isScanOf(message)) {
            throw new IllegalArgumentException("scanned does not hold a successful scan of this message");
        }
    }

    /** The trace list: the elements of the one at {@code traceAt} (if any), copied as they are, then {@code last}. */
    private void appendTrace(ReadableBuffer message, int traceAt, byte[] last) {
        int first = 0;
        int end = 0;
        int count = 0;
        if (traceAt >= 0 && traceList.open(message, traceAt, message.limit(), false)) {
            first = traceList.first;
            end = traceList.end;
            count = traceList.count;
        }
        int elementBytes = Math.addExact(end - first, last.length);
        room(Math.addExact(elementBytes, 9));
        if (elementBytes + 1 <= 0xff && count + 1 <= 0xff) {
            encoded.put((byte) LIST_8).put((byte) (elementBytes + 1)).put((byte) (count + 1));
        } else {
            encoded.put((byte) LIST_32).putInt(elementBytes + 4).putInt(count + 1);
        }
        if (end > first) {
            ReadableBuffer source = message.duplicate();
            source.position(first);
            source.get(encoded.array(), encoded.position(), end - first);
            encoded.position(encoded.position() + end - first);
        }
        encoded.put(last);
    }

    private void put(byte[] bytes) {
        room(bytes.length);
        encoded.put(bytes);
    }

    /** Makes room for {@code bytes} more in {@link #encoded}, keeping what it holds. */
    private void room(int bytes) {
        if (encoded.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(encoded.capacity() * 2, encoded.position() + bytes));
            encoded.flip();
            larger.put(encoded);
            encoded = larger;
        }
    }

    /** The message with the kept entries and the {@code putCount} entries encoded in {@link #encoded}. */
    private ReadableBuffer assemble(ReadableBuffer message, RoutingPrefix scanned, int putCount, int added) {
        int entryCount = keptEntries + 2 * putCount;
        int entryBytes = Math.addExact(keptBytes, added);
        boolean small = entryCount <= MAP_8_MAX && entryBytes + 1 <= MAP_8_MAX;
        int sectionBytes = entryCount == 0 ? 0 : Math.addExact(3 + (small ? 3 : 9), entryBytes);

        int from = message.position();
        int to = message.limit();
        boolean present = scanned.annotationsStart() >= 0;
        int cutStart = present ? scanned.annotationsStart() : scanned.bodyStart();
        int cutEnd = present ? scanned.annotationsEnd() : scanned.bodyStart();
        byte[] out = new byte[Math.addExact(Math.addExact(cutStart - from, sectionBytes), to - cutEnd)];

        ReadableBuffer source = message.duplicate();
        int at = copy(source, from, cutStart, out, 0);
        if (sectionBytes > 0) {
            at = writeSectionHead(out, at, small, entryCount, entryBytes);
            for (int i = 0; i < keptRangeCount; i++) {
                at = copy(source, keptRanges[2 * i], keptRanges[2 * i + 1], out, at);
            }
            System.arraycopy(encoded.array(), 0, out, at, added);
            at += added;
        }
        copy(source, cutEnd, to, out, at);
        return ReadableBuffer.ByteBufferReader.wrap(out);
    }

    /** Records which existing entries stay, merging neighbours into ranges. */
    private void collectKept(ReadableBuffer message, RoutingPrefix scanned, boolean strip, byte[][] putNames) {
        keptRangeCount = 0;
        keptEntries = 0;
        keptBytes = 0;
        droppedAny = false;
        int sectionStart = scanned.annotationsStart();
        if (sectionStart < 0) {
            return;
        }
        int end = scanned.annotationsEnd();
        int value = skipValue(message, sectionStart + 1, end); // past 0x00 and the descriptor
        if (!annotations.open(message, value, end, true)) {
            throw new IllegalStateException("message annotations changed since the scan");
        }
        int index = annotations.first;
        int entries = annotations.count / 2;
        for (int entry = 0; entry < entries; entry++) {
            int next = skipValue(message, skipValue(message, index, end), end);
            if (replaced(message, index, strip, putNames)) {
                droppedAny = true;
            } else {
                keep(index, next);
            }
            index = next;
        }
    }

    private boolean replaced(ReadableBuffer message, int key, boolean strip, byte[][] putNames) {
        if (!isSymbol(u8(message, key))) {
            return false;
        }
        int at = variableStart(message, key);
        int length = variableLength(message, key);
        if (strip && startsWith(message, at, length, ROUTER_KEY_PREFIX)) {
            return true;
        }
        for (byte[] name : putNames) {
            if (bytesEqual(message, at, length, name)) {
                return true;
            }
        }
        return false;
    }

    private void keep(int start, int end) {
        keptEntries += 2;
        keptBytes += end - start;
        if (keptRangeCount > 0 && keptRanges[2 * keptRangeCount - 1] == start) {
            keptRanges[2 * keptRangeCount - 1] = end;
            return;
        }
        if (2 * keptRangeCount == keptRanges.length) {
            keptRanges = Arrays.copyOf(keptRanges, keptRanges.length * 2);
        }
        keptRanges[2 * keptRangeCount] = start;
        keptRanges[2 * keptRangeCount + 1] = end;
        keptRangeCount++;
    }

    private static byte[][] keyNames(Map<Symbol, ?> put) {
        byte[][] names = new byte[put.size()][];
        int i = 0;
        for (Symbol key : put.keySet()) {
            names[i++] = ascii(Objects.requireNonNull(key, "annotation key").toString());
        }
        return names;
    }

    /**
     * Encodes the entries put, as alternating symbol keys and values, into {@link #encoded}; returns their length.
     * proton-j's encoder wants room for the widest form of a list or map, so the space grows until it fits.
     */
    private int encodeEntries(Map<Symbol, ?> put) {
        if (put.isEmpty()) {
            return 0;
        }
        if (encoded.capacity() > ENCODED_KEPT) {
            encoded = ByteBuffer.allocate(ENCODED_INITIAL);
        }
        while (true) {
            encoded.clear();
            try {
                writeEntries(WritableBuffer.ByteBufferWrapper.wrap(encoded), put);
                return encoded.position();
            } catch (BufferOverflowException | IndexOutOfBoundsException full) {
                encoded = ByteBuffer.allocate(Math.multiplyExact(encoded.capacity(), 2));
            }
        }
    }

    private void writeEntries(WritableBuffer target, Map<Symbol, ?> put) {
        encoder.setByteBuffer(target);
        for (Map.Entry<Symbol, ?> entry : put.entrySet()) {
            encoder.writeSymbol(entry.getKey());
            encoder.writeObject(entry.getValue());
        }
    }

    private static int writeSectionHead(byte[] out, int at, boolean small, int entryCount, int entryBytes) {
        out[at++] = DESCRIBED;
        out[at++] = (byte) SMALL_ULONG;
        out[at++] = (byte) MESSAGE_ANNOTATIONS;
        if (small) {
            out[at++] = (byte) MAP_8;
            out[at++] = (byte) (entryBytes + 1);
            out[at++] = (byte) entryCount;
            return at;
        }
        out[at++] = (byte) MAP_32;
        at = writeInt(out, at, entryBytes + 4);
        return writeInt(out, at, entryCount);
    }

    private static int writeInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
        return at + 4;
    }

    /** Copies bytes [from, to) of the source (a private duplicate, so moving it is harmless); returns the new end. */
    private static int copy(ReadableBuffer source, int from, int to, byte[] out, int at) {
        int length = to - from;
        if (length > 0) {
            source.position(from);
            source.get(out, at, length);
        }
        return at + length;
    }
}
