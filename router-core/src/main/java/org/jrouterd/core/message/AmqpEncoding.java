package org.jrouterd.core.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * The parts of the AMQP 1.0 type system (spec part 1) that the message scanner and rewriter need: format codes,
 * section descriptors, and how far an encoded value reaches without decoding it.
 *
 * <p>Every method reads with absolute {@link ReadableBuffer#get(int)} and never moves the buffer's position or
 * limit. Methods taking a {@code limit} never read at or past it and report a value that does not fit with -1
 * instead of throwing. Stateless, so any thread may use it.
 */
final class AmqpEncoding {

    static final int DESCRIBED = 0x00;
    static final int NULL = 0x40;
    static final int TRUE = 0x41;
    static final int FALSE = 0x42;
    static final int ULONG_0 = 0x44;
    static final int LIST_0 = 0x45;
    static final int UBYTE = 0x50;
    static final int SMALL_ULONG = 0x53;
    static final int SMALL_INT = 0x54;
    static final int BOOLEAN = 0x56;
    static final int INT = 0x71;
    static final int ULONG = 0x80;
    static final int VBIN_8 = 0xa0;
    static final int STR_8 = 0xa1;
    static final int SYM_8 = 0xa3;
    static final int VBIN_32 = 0xb0;
    static final int STR_32 = 0xb1;
    static final int SYM_32 = 0xb3;
    static final int LIST_8 = 0xc0;
    static final int MAP_8 = 0xc1;
    static final int LIST_32 = 0xd0;
    static final int MAP_32 = 0xd1;

    /** Section descriptor codes, in the order the sections must appear. */
    static final int HEADER = 0x70;
    static final int DELIVERY_ANNOTATIONS = 0x71;
    static final int MESSAGE_ANNOTATIONS = 0x72;
    static final int PROPERTIES = 0x73;
    static final int APPLICATION_PROPERTIES = 0x74;
    static final int DATA = 0x75;
    static final int AMQP_SEQUENCE = 0x76;
    static final int AMQP_VALUE = 0x77;
    static final int FOOTER = 0x78;

    /** Symbolic section descriptors, indexed by {@code code - HEADER}. */
    private static final byte[][] SECTION_NAMES = {
        ascii("amqp:header:list"),
        ascii("amqp:delivery-annotations:map"),
        ascii("amqp:message-annotations:map"),
        ascii("amqp:properties:list"),
        ascii("amqp:application-properties:map"),
        ascii("amqp:data:binary"),
        ascii("amqp:amqp-sequence:list"),
        ascii("amqp:amqp-value:*"),
        ascii("amqp:footer:map"),
    };

    /** {@link #LAYOUT} entries below zero; zero and above are the fixed width of the value's data. */
    private static final int UNKNOWN_CODE = -1;
    private static final int SIZE_IN_1_BYTE = -2;
    private static final int SIZE_IN_4_BYTES = -3;

    /** How the data after each one-byte format code is laid out. */
    private static final int[] LAYOUT = layout();

    private AmqpEncoding() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static int u8(ReadableBuffer buffer, int index) {
        return buffer.get(index) & 0xff;
    }

    static long u32(ReadableBuffer buffer, int index) {
        return ((long) u8(buffer, index) << 24) | (u8(buffer, index + 1) << 16)
            | (u8(buffer, index + 2) << 8) | u8(buffer, index + 3);
    }

    /**
     * Returns the index just past the value whose constructor is at {@code index}, or -1 if the value is malformed
     * or does not end by {@code limit}. Compound values are skipped by their size without looking inside;
     * descriptor chains are followed without recursion.
     */
    static int skipValue(ReadableBuffer buffer, int index, int limit) {
        int pending = 1;
        while (pending > 0) {
            if (index >= limit) {
                return -1;
            }
            int code = u8(buffer, index++);
            if (code == DESCRIBED) {
                pending++; // a descriptor and the described value take this value's place
                continue;
            }
            index = skipData(buffer, code, index, limit);
            if (index < 0) {
                return -1;
            }
            pending--;
        }
        return index;
    }

    /** Returns the index just past the data of a value with format {@code code} whose data starts at {@code index}. */
    static int skipData(ReadableBuffer buffer, int code, int index, int limit) {
        int layout = LAYOUT[code];
        if (layout >= 0) {
            return endOf(index, layout, limit);
        }
        if (layout == SIZE_IN_1_BYTE) {
            return index < limit ? endOf(index + 1, u8(buffer, index), limit) : -1;
        }
        if (layout == SIZE_IN_4_BYTES) {
            return limit - index >= 4 ? endOf(index + 4, u32(buffer, index), limit) : -1;
        }
        return -1;
    }

    private static int endOf(int index, long length, int limit) {
        return length <= limit - index ? (int) (index + length) : -1;
    }

    static boolean isString(int code) {
        return code == STR_8 || code == STR_32;
    }

    static boolean isSymbol(int code) {
        return code == SYM_8 || code == SYM_32;
    }

    /** The byte length of the payload of a validated binary, string or symbol whose constructor is at index. */
    static int variableLength(ReadableBuffer buffer, int index) {
        int code = u8(buffer, index);
        return LAYOUT[code] == SIZE_IN_1_BYTE ? u8(buffer, index + 1) : (int) u32(buffer, index + 1);
    }

    /** Where the payload of a validated binary, string or symbol whose constructor is at index begins. */
    static int variableStart(ReadableBuffer buffer, int index) {
        int code = u8(buffer, index);
        return LAYOUT[code] == SIZE_IN_1_BYTE ? index + 2 : index + 5;
    }

    /** Whether the {@code length} bytes at {@code index} are exactly {@code expected}. */
    static boolean bytesEqual(ReadableBuffer buffer, int index, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.get(index + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the {@code length} bytes at {@code index} begin with {@code prefix}. */
    static boolean startsWith(ReadableBuffer buffer, int index, int length, byte[] prefix) {
        return length >= prefix.length && bytesEqual(buffer, index, prefix.length, prefix);
    }

    /** The section code whose symbolic descriptor is the {@code length} bytes at {@code index}, or -1. */
    static int sectionNamed(ReadableBuffer buffer, int index, int length) {
        for (int i = 0; i < SECTION_NAMES.length; i++) {
            if (bytesEqual(buffer, index, length, SECTION_NAMES[i])) {
                return HEADER + i;
            }
        }
        return -1;
    }

    private static int[] layout() {
        int[] layout = new int[256];
        Arrays.fill(layout, UNKNOWN_CODE);
        assign(layout, 0, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45);
        assign(layout, 1, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56);
        assign(layout, 2, 0x60, 0x61);
        assign(layout, 4, 0x70, 0x71, 0x72, 0x73, 0x74);
        assign(layout, 8, 0x80, 0x81, 0x82, 0x83, 0x84);
        assign(layout, 16, 0x94, 0x98);
        assign(layout, SIZE_IN_1_BYTE, VBIN_8, STR_8, SYM_8, LIST_8, MAP_8, 0xe0);
        assign(layout, SIZE_IN_4_BYTES, VBIN_32, STR_32, SYM_32, LIST_32, MAP_32, 0xf0);
        return layout;
    }

    private static void assign(int[] layout, int value, int... codes) {
        for (int code : codes) {
            layout[code] = value;
        }
    }
}
