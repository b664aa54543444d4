package org.jrouterd.core.message;

import static org.jrouterd.core.message.AmqpEncoding.AMQP_SEQUENCE;
import static org.jrouterd.core.message.AmqpEncoding.AMQP_VALUE;
import static org.jrouterd.core.message.AmqpEncoding.APPLICATION_PROPERTIES;
import static org.jrouterd.core.message.AmqpEncoding.BOOLEAN;
import static org.jrouterd.core.message.AmqpEncoding.DATA;
import static org.jrouterd.core.message.AmqpEncoding.DELIVERY_ANNOTATIONS;
import static org.jrouterd.core.message.AmqpEncoding.DESCRIBED;
import static org.jrouterd.core.message.AmqpEncoding.FALSE;
import static org.jrouterd.core.message.AmqpEncoding.FOOTER;
import static org.jrouterd.core.message.AmqpEncoding.HEADER;
import static org.jrouterd.core.message.AmqpEncoding.INT;
import static org.jrouterd.core.message.AmqpEncoding.LIST_0;
import static org.jrouterd.core.message.AmqpEncoding.LIST_32;
import static org.jrouterd.core.message.AmqpEncoding.LIST_8;
import static org.jrouterd.core.message.AmqpEncoding.MESSAGE_ANNOTATIONS;
import static org.jrouterd.core.message.AmqpEncoding.NULL;
import static org.jrouterd.core.message.AmqpEncoding.PROPERTIES;
import static org.jrouterd.core.message.AmqpEncoding.SMALL_INT;
import static org.jrouterd.core.message.AmqpEncoding.SMALL_ULONG;
import static org.jrouterd.core.message.AmqpEncoding.SYM_32;
import static org.jrouterd.core.message.AmqpEncoding.SYM_8;
import static org.jrouterd.core.message.AmqpEncoding.TRUE;
import static org.jrouterd.core.message.AmqpEncoding.UBYTE;
import static org.jrouterd.core.message.AmqpEncoding.ULONG;
import static org.jrouterd.core.message.AmqpEncoding.VBIN_32;
import static org.jrouterd.core.message.AmqpEncoding.VBIN_8;
import static org.jrouterd.core.message.AmqpEncoding.ascii;
import static org.jrouterd.core.message.AmqpEncoding.bytesEqual;
import static org.jrouterd.core.message.AmqpEncoding.isString;
import static org.jrouterd.core.message.AmqpEncoding.isSymbol;
import static org.jrouterd.core.message.AmqpEncoding.skipData;
import static org.jrouterd.core.message.AmqpEncoding.skipValue;
import static org.jrouterd.core.message.AmqpEncoding.startsWith;
import static org.jrouterd.core.message.AmqpEncoding.u32;
import static org.jrouterd.core.message.AmqpEncoding.u8;
import static org.jrouterd.core.message.AmqpEncoding.variableLength;
import static org.jrouterd.core.message.AmqpEncoding.variableStart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * Reads what routing needs from an encoded AMQP 1.0 message without decoding it: the header's durability and
 * priority, the {@code to} and {@code reply-to} properties, the router's {@code x-opt-qd.*} message annotations,
 * and where the message-annotations section and the bare message lie. {@link #scan} walks every section
 * (checking that each is well formed, complete and in order) but decodes only those fields; it allocates nothing.
 * String accessors decode on first call and cache the result.
 *
 * <p>Offsets are absolute indexes into the scanned buffer (between its {@code position()} and {@code limit()}).
 * The scan reads with {@link ReadableBuffer#get(int)} only and never moves the buffer, so other threads may hold
 * duplicates of it; a {@link org.apache.qpid.proton.codec.CompositeReadableBuffer} spanning several arrays works.
 *
 * <p>Threads: one instance belongs to one I/O thread and is reused for every message that thread receives. It is
 * not thread-safe. Accessors answer for the last successful {@link #scan}, read the scanned buffer lazily, and
 * so are valid only until the next scan and only while that buffer's bytes stay unchanged.
 */
public final class RoutingPrefix {

    private static final byte[] ROUTER_KEY_PREFIX = ascii("x-opt-qd.");
    private static final byte[] TO = ascii("to");
    private static final byte[] INGRESS = ascii("ingress");
    private static final byte[] TRACE = ascii("trace");
    private static final byte[] PHASE = ascii("phase");
    private static final int MALFORMED = -2;
    private static final int SCRATCH_KEPT = 4096;

    private final EncodedCompound compound = new EncodedCompound();
    private byte[] scratch = new byte[256];

    private ReadableBuffer buffer;
    private boolean scanned;
    private int start;
    private int limit;
    private int sectionValue; // where the value of the section whose descriptor was just read begins

    private boolean durable;
    private int priority;
    private int toAt;
    private int replyToAt;
    private boolean routerAnnotations;
    private int routerToAt;
    private int ingressAt;
    private int traceAt;
    private int routerPhase;
    private int annotationsStart;
    private int annotationsEnd;
    private int bodyStart;

    private String to;
    private String replyTo;
    private String routerTo;
    private String ingress;
    private List<String> trace;

    /**
     * Scans the encoded message between {@code message.position()} and {@code message.limit()}.
     *
     * @return true if it is a complete, well-formed sequence of message sections in the order AMQP requires; false
     *     (and the accessors refuse to answer) if it is empty, truncated or malformed. Never throws on bad bytes.
     */
    public boolean scan(ReadableBuffer message) {
        clear();
        buffer = message;
        start = message.position();
        limit = message.limit();
        int index = start;
        int previous = -1;
        while (index < limit) {
            int code = readDescriptor(index);
            if (code < 0 || !follows(previous, code)) {
                return fail();
            }
            if (bodyStart < 0 && code >= PROPERTIES) {
                bodyStart = index;
            }
            int end = readSection(code, index);
            if (end < 0) {
                return fail();
            }
            previous = code;
            index = end;
        }
        if (previous < 0) {
            return fail();
        }
        if (bodyStart < 0) {
            bodyStart = limit;
        }
        scanned = true;
        return true;
    }

    /** Forgets the last scan and drops the reference to its buffer. */
    public void clear() {
        buffer = null;
        scanned = false;
        durable = false;
        priority = -1;
        toAt = -1;
        replyToAt = -1;
        routerAnnotations = false;
        routerToAt = -1;
        ingressAt = -1;
        traceAt = -1;
        routerPhase = 0;
        annotationsStart = -1;
        annotationsEnd = -1;
        bodyStart = -1;
        to = null;
        replyTo = null;
        routerTo = null;
        ingress = null;
        trace = null;
    }

    /** The header's {@code priority} (0 to 255), or -1 if there is no header or it leaves priority unset. */
    public int priority() {
        checkScanned();
        return priority;
    }

    /** The header's {@code durable} flag; false if there is no header. */
    public boolean durable() {
        checkScanned();
        return durable;
    }

    /** The {@code to} property (a string or symbol), or null if absent. */
    public String to() {
        checkScanned();
        if (to == null && toAt >= 0) {
            to = decodeString(toAt);
        }
        return to;
    }

    /** The {@code reply-to} property (a string or symbol), or null if absent. */
    public String replyTo() {
        checkScanned();
        if (replyTo == null && replyToAt >= 0) {
            replyTo = decodeString(replyToAt);
        }
        return replyTo;
    }

    /** Whether the message annotations have any symbol key starting with {@code x-opt-qd.}. */
    public boolean hasRouterAnnotations() {
        checkScanned();
        return routerAnnotations;
    }

    /** The {@code x-opt-qd.to} annotation (overrides {@code to} between routers), or null if absent or not text. */
    public String routerTo() {
        checkScanned();
        if (routerTo == null && routerToAt >= 0) {
            routerTo = decodeString(routerToAt);
        }
        return routerTo;
    }

    /** Whether there is a text {@code x-opt-qd.ingress} annotation (without decoding it). */
    public boolean hasRouterIngress() {
        checkScanned();
        return ingressAt >= 0;
    }

    /** The {@code x-opt-qd.ingress} annotation ({@code 0/<router-id>}), or null if absent or not text. */
    public String routerIngress() {
        checkScanned();
        if (ingress == null && ingressAt >= 0) {
            ingress = decodeString(ingressAt);
        }
        return ingress;
    }

    /**
     * The text entries of the {@code x-opt-qd.trace} annotation (routers the message has passed, as
     * {@code 0/<router-id>}), in order; empty if absent or not a list. Unmodifiable.
     */
    public List<String> routerTrace() {
        checkScanned();
        if (trace == null) {
            trace = traceAt < 0 ? List.of() : decodeTrace(traceAt);
        }
        return trace;
    }

    /**
     * Whether the {@code x-opt-qd.trace} list holds the text {@code area + routerId} (e.g. {@code "0/"} and
     * {@code "Router.A"}), compared on the encoded bytes: nothing is decoded or allocated for ASCII ids.
     */
    public boolean traceContains(String area, String routerId) {
        checkScanned();
        if (traceAt < 0) {
            return false;
        }
        if (trace != null || !isAscii(area) || !isAscii(routerId)) {
            return routerTrace().contains(area + routerId);
        }
        if (!compound.open(buffer, traceAt, limit, false)) {
            return false;
        }
        int end = compound.end;
        int element = compound.first;
        for (int i = 0, count = compound.count; i < count; i++) {
            int next = skipValue(buffer, element, end);
            if (next < 0) {
                return false;
            }
            int code = u8(buffer, element);
            if ((isString(code) || isSymbol(code))
                    && textEquals(variableStart(buffer, element), variableLength(buffer, element), area, routerId)) {
                return true;
            }
            element = next;
        }
        return false;
    }

    /** Where the {@code x-opt-qd.trace} list's constructor is, or -1 if there is none (for raw copies). */
    int routerTraceAt() {
        checkScanned();
        return traceAt;
    }

    private boolean textEquals(int at, int length, String first, String second) {
        if (length != first.length() + second.length()) {
            return false;
        }
        for (int i = 0, n = first.length(); i < n; i++) {
            if (buffer.get(at + i) != (byte) first.charAt(i)) {
                return false;
            }
        }
        int offset = at + first.length();
        for (int i = 0, n = second.length(); i < n; i++) {
            if (buffer.get(offset + i) != (byte) second.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The {@code x-opt-qd.phase} annotation, or 0 if absent or not an int. */
    public int routerPhase() {
        checkScanned();
        return routerPhase;
    }

    /** Where the message-annotations section (from its descriptor) begins, or -1 if there is none. */
    public int annotationsStart() {
        checkScanned();
        return annotationsStart;
    }

    /** Where the message-annotations section ends (exclusive), or -1 if there is none. */
    public int annotationsEnd() {
        checkScanned();
        return annotationsEnd;
    }

    /**
     * Where the bare message begins: the first section after header, delivery annotations and message
     * annotations, or the buffer's limit if there is none. A new message-annotations section goes here.
     */
    public int bodyStart() {
        checkScanned();
        return bodyStart;
    }

    /** Whether the last scan succeeded on a buffer with {@code message}'s position and limit. */
    boolean isScanOf(ReadableBuffer message) {
        return scanned && start == message.position() && limit == message.limit();
    }

    private boolean fail() {
        clear();
        return false;
    }

    private void checkScanned() {
        if (!scanned) {
            throw new IllegalStateException("no successfully scanned message");
        }
    }

    /** Whether a section with {@code code} may follow one with {@code previous} (-1 at the start). */
    private static boolean follows(int previous, int code) {
        if (code == previous) {
            return code == DATA || code == AMQP_SEQUENCE;
        }
        return code > previous && !(isBody(previous) && isBody(code));
    }

    private static boolean isBody(int code) {
        return code == DATA || code == AMQP_SEQUENCE || code == AMQP_VALUE;
    }

    /**
     * Reads the descriptor of the section at {@code index}: {@code 0x00} then a smallulong, ulong or symbol.
     *
     * @return the section code, with {@link #sectionValue} set to where its value begins; -1 if it is not a section
     */
    private int readDescriptor(int index) {
        if (limit - index < 3 || u8(buffer, index) != DESCRIBED) {
            return -1;
        }
        int code = u8(buffer, index + 1);
        int data = index + 2;
        int end = skipData(buffer, code, data, limit);
        if (end < 0) {
            return -1;
        }
        long section;
        if (code == SMALL_ULONG) {
            section = u8(buffer, data);
        } else if (code == ULONG) {
            section = u32(buffer, data) == 0 ? u32(buffer, data + 4) : -1;
        } else if (isSymbol(code)) {
            int at = variableStart(buffer, index + 1);
            section = AmqpEncoding.sectionNamed(buffer, at, end - at);
        } else {
            return -1;
        }
        sectionValue = end;
        return section >= HEADER && section <= FOOTER ? (int) section : -1;
    }

    /** Reads or skips the value of the section at {@code index}; returns where the section ends, or -1. */
    private int readSection(int code, int index) {
        int value = sectionValue;
        return switch (code) {
            case HEADER -> readHeader(value);
            case MESSAGE_ANNOTATIONS -> {
                annotationsStart = index;
                annotationsEnd = readAnnotations(value);
                yield annotationsEnd;
            }
            case PROPERTIES -> readProperties(value);
            case DELIVERY_ANNOTATIONS, APPLICATION_PROPERTIES, FOOTER ->
                compound.open(buffer, value, limit, true) ? compound.end : -1;
            case AMQP_SEQUENCE -> compound.open(buffer, value, limit, false) ? compound.end : -1;
            case DATA -> {
                int binary = value < limit ? u8(buffer, value) : -1;
                yield binary == VBIN_8 || binary == VBIN_32 ? skipData(buffer, binary, value + 1, limit) : -1;
            }
            default -> skipValue(buffer, value, limit); // AMQP_VALUE
        };
    }

    /** Header fields: durable (0), priority (1); the rest are skipped with the list. */
    private int readHeader(int value) {
        if (!compound.open(buffer, value, limit, false)) {
            return -1;
        }
        int end = compound.end;
        int fields = Math.min(compound.count, 2);
        int index = compound.first;
        for (int field = 0; field < fields; field++) {
            int next = skipValue(buffer, index, end);
            if (next < 0) {
                return -1;
            }
            int code = u8(buffer, index);
            if (field == 0) {
                if (code == BOOLEAN) {
                    durable = u8(buffer, index + 1) != 0;
                } else if (code == TRUE || code == FALSE || code == NULL) {
                    durable = code == TRUE;
                } else {
                    return -1;
                }
            } else if (code == UBYTE) {
                priority = u8(buffer, index + 1);
            } else if (code != NULL) {
                return -1;
            }
            index = next;
        }
        return end;
    }

    /** Properties fields: to (2) and reply-to (4); the rest are skipped with the list. */
    private int readProperties(int value) {
        if (!compound.open(buffer, value, limit, false)) {
            return -1;
        }
        int end = compound.end;
        int fields = Math.min(compound.count, 5);
        int index = compound.first;
        for (int field = 0; field < fields; field++) {
            int next = skipValue(buffer, index, end);
            if (next < 0) {
                return -1;
            }
            if (field == 2 || field == 4) {
                int at = addressAt(index);
                if (at == MALFORMED) {
                    return -1;
                }
                if (field == 2) {
                    toAt = at;
                } else {
                    replyToAt = at;
                }
            }
            index = next;
        }
        return end;
    }

    /** Where a string or symbol address starts, -1 for null, {@link #MALFORMED} for any other type. */
    private int addressAt(int index) {
        int code = u8(buffer, index);
        if (isString(code) || isSymbol(code)) {
            return index;
        }
        return code == NULL ? -1 : MALFORMED;
    }

    /** Walks every annotation, noting the router's; returns where the map ends, or -1. */
    private int readAnnotations(int value) {
        if (!compound.open(buffer, value, limit, true)) {
            return -1;
        }
        int end = compound.end;
        int entries = compound.count / 2;
        int index = compound.first;
        for (int entry = 0; entry < entries; entry++) {
            int annotation = skipValue(buffer, index, end);
            int next = annotation < 0 ? -1 : skipValue(buffer, annotation, end);
            if (next < 0) {
                return -1;
            }
            noteAnnotation(index, annotation);
            index = next;
        }
        return index == end ? end : -1;
    }

    private void noteAnnotation(int key, int value) {
        if (!isSymbol(u8(buffer, key))) {
            return; // ulong keys are reserved for the spec; nothing of the router's
        }
        int at = variableStart(buffer, key);
        int length = variableLength(buffer, key);
        if (!startsWith(buffer, at, length, ROUTER_KEY_PREFIX)) {
            return;
        }
        routerAnnotations = true;
        int name = at + ROUTER_KEY_PREFIX.length;
        int nameLength = length - ROUTER_KEY_PREFIX.length;
        int code = u8(buffer, value);
        boolean text = isString(code) || isSymbol(code);
        if (bytesEqual(buffer, name, nameLength, TO)) {
            routerToAt = text ? value : -1;
        } else if (bytesEqual(buffer, name, nameLength, INGRESS)) {
            ingressAt = text ? value : -1;
        } else if (bytesEqual(buffer, name, nameLength, TRACE)) {
            traceAt = code == LIST_0 || code == LIST_8 || code == LIST_32 ? value : -1;
        } else if (bytesEqual(buffer, name, nameLength, PHASE)) {
            routerPhase = code == INT ? (int) u32(buffer, value + 1) : code == SMALL_INT ? buffer.get(value + 1) : 0;
        }
    }

    /** Decodes a string (UTF-8) or symbol (ASCII) already checked by the scan. */
    private String decodeString(int index) {
        int length = variableLength(buffer, index);
        int at = variableStart(buffer, index);
        byte[] bytes = length <= scratch.length ? scratch : new byte[length];
        if (length > scratch.length && length <= SCRATCH_KEPT) {
            scratch = bytes;
        }
        for (int i = 0; i < length; i++) {
            bytes[i] = buffer.get(at + i);
        }
        boolean symbol = isSymbol(u8(buffer, index));
        return new String(bytes, 0, length, symbol ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
    }

    /** Decodes the text elements of the trace list; the scan checked only the list's extent, so stops at a fault. */
    private List<String> decodeTrace(int index) {
        if (!compound.open(buffer, index, limit, false)) {
            return List.of();
        }
        int end = compound.end;
        int count = compound.count;
        int element = compound.first;
        List<String> entries = new ArrayList<>(Math.min(count, 8));
        for (int i = 0; i < count; i++) {
            int next = skipValue(buffer, element, end);
            if (next < 0) {
                break;
            }
            int code = u8(buffer, element);
            if (isString(code) || isSymbol(code)) {
                entries.add(decodeString(element));
            }
            element = next;
        }
        return Collections.unmodifiableList(entries);
    }
}
