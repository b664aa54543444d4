package org.jrouterd.benchmarks.load;

import java.nio.charset.StandardCharsets;

import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * Reads what the load tool needs from an encoded message without decoding it: the timestamp at the end of the body
 * and, for a responder, the {@code reply-to} address and the position of the body section. Skips sections and
 * values by their AMQP format codes (the category is the code's high nibble), so it works whatever a router adds.
 *
 * <p>Threads: one instance per connection thread; not thread-safe.
 */
public final class MessageScanner {
    private MessageScanner() {
    }

    /** The send time stamped by {@link MessageTemplate}, or -1 when the message is too short to carry one. */
    public static long timestamp(ReadableBuffer message) {
        int end = message.limit();
        if (end - message.position() < MessageTemplate.STAMP_BYTES) {
            return -1;
        }
        long v = 0;
        for (int i = end - MessageTemplate.STAMP_BYTES; i < end; i++) {
            v = v << 8 | message.get(i) & 0xff;
        }
        return v;
    }

    /** The send time in {@code message[0..length)}, or -1 when too short. */
    public static long timestamp(byte[] message, int length) {
        if (length < MessageTemplate.STAMP_BYTES) {
            return -1;
        }
        long v = 0;
        for (int i = length - MessageTemplate.STAMP_BYTES; i < length; i++) {
            v = v << 8 | message[i] & 0xff;
        }
        return v;
    }

    /**
     * Finds the reply-to address and the start of the body in {@code m[0..length)}: returns the body section's
     * offset, and puts the reply-to in {@code replyTo[0]} (null when absent). -1 when the message has no body section.
     */
    public static int scan(byte[] m, int length, String[] replyTo) {
        replyTo[0] = null;
        int i = 0;
        while (i < length) {
            if (m[i] != 0x00) {
                throw new IllegalArgumentException("not a described section at " + i);
            }
            int sectionStart = i;
            long code;
            int at = i + 1;
            int c = m[at] & 0xff;
            if (c == 0x53) {
                code = m[at + 1] & 0xff;
                at += 2;
            } else if (c == 0x80) {
                code = 0;
                for (int k = 1; k <= 8; k++) {
                    code = code << 8 | m[at + k] & 0xff;
                }
                at += 9;
            } else {
                throw new IllegalArgumentException("unsupported section descriptor 0x" + Integer.toHexString(c));
            }
            if (code == 0x75 || code == 0x76 || code == 0x77) {
                return sectionStart;
            }
            if (code == 0x73) {
                replyTo[0] = replyTo(m, at);
            }
            i = skip(m, at);
        }
        return -1;
    }

    /** The fifth field of the properties list starting at {@code at}, or null. */
    static String replyTo(byte[] m, int at) {
        int code = m[at] & 0xff;
        int count;
        int i;
        if (code == 0x45) {
            return null;
        } else if (code == 0xc0) {
            count = m[at + 2] & 0xff;
            i = at + 3;
        } else if (code == 0xd0) {
            count = readInt(m, at + 5);
            i = at + 9;
        } else {
            throw new IllegalArgumentException("properties is not a list: 0x" + Integer.toHexString(code));
        }
        for (int field = 0; field < count; field++) {
            if (field == 4) {
                int f = m[i] & 0xff;
                if (f == 0xa1 || f == 0xa3) {
                    return new String(m, i + 2, m[i + 1] & 0xff, StandardCharsets.UTF_8);
                } else if (f == 0xb1 || f == 0xb3) {
                    return new String(m, i + 5, readInt(m, i + 1), StandardCharsets.UTF_8);
                }
                return null;
            }
            i = skip(m, i);
        }
        return null;
    }

    /** The offset just past the AMQP value whose constructor is at {@code i}. */
    static int skip(byte[] m, int i) {
        int code = m[i] & 0xff;
        if (code == 0x00) {
            return skip(m, skip(m, i + 1));
        }
        switch (code >>> 4) {
            case 0x4: return i + 1;
            case 0x5: return i + 2;
            case 0x6: return i + 3;
            case 0x7: return i + 5;
            case 0x8: return i + 9;
            case 0x9: return i + 17;
            case 0xa, 0xc, 0xe: return i + 2 + (m[i + 1] & 0xff);
            case 0xb, 0xd, 0xf: return i + 5 + readInt(m, i + 1);
            default: throw new IllegalArgumentException("bad format code 0x" + Integer.toHexString(code));
        }
    }

    static int readInt(byte[] m, int at) {
        return (m[at] & 0xff) << 24 | (m[at + 1] & 0xff) << 16 | (m[at + 2] & 0xff) << 8 | m[at + 3] & 0xff;
    }
}
