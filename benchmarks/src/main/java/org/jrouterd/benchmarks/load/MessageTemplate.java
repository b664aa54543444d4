package org.jrouterd.benchmarks.load;

import java.nio.charset.StandardCharsets;

/**
 * One message encoded once: a properties section ({@code to}, optionally {@code reply-to}) and a data section whose
 * last eight body bytes carry the send time ({@link System#nanoTime()}, big-endian). A sender stamps the time with
 * {@link #stamp(long)} and hands {@link #bytes()} to proton-j, which copies them: no per-message objects.
 *
 * <p>Because the data section is the last section, a receiver finds the timestamp at {@code length - 8} however many
 * annotation sections a router put in front ({@link MessageScanner#timestamp}). Not thread-safe: one per sender.
 */
public final class MessageTemplate {
    /** Bytes of the timestamp at the end of the body. */
    public static final int STAMP_BYTES = 8;

    private final byte[] bytes;
    private final boolean stamped;

    private MessageTemplate(byte[] bytes, boolean stamped) {
        this.bytes = bytes;
        this.stamped = stamped;
    }

    /** A message to {@code to} with a {@code bodySize}-byte body; {@code replyTo} may be null. */
    public static MessageTemplate of(String to, String replyTo, int bodySize) {
        byte[] prefix = properties(to, replyTo);
        byte[] dataHeader = dataSectionHeader(bodySize);
        byte[] all = new byte[prefix.length + dataHeader.length + bodySize];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(dataHeader, 0, all, prefix.length, dataHeader.length);
        for (int i = prefix.length + dataHeader.length; i < all.length; i++) {
            all[i] = (byte) ('a' + i % 26);
        }
        return new MessageTemplate(all, bodySize >= STAMP_BYTES);
    }

    /** Writes {@code nanos} into the last eight bytes (no-op for bodies shorter than eight bytes). */
    public void stamp(long nanos) {
        if (stamped) {
            writeLong(bytes, bytes.length - STAMP_BYTES, nanos);
        }
    }

    /** The encoded message; valid until the next {@link #stamp}. */
    public byte[] bytes() {
        return bytes;
    }

    /** Encoded length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** Encodes a properties section holding {@code to} and, when not null, {@code reply-to}. */
    static byte[] properties(String to, String replyTo) {
        byte[] toBytes = to.getBytes(StandardCharsets.UTF_8);
        byte[] replyBytes = replyTo == null ? null : replyTo.getBytes(StandardCharsets.UTF_8);
        if (toBytes.length > 255 || replyBytes != null && replyBytes.length > 255) {
            throw new IllegalArgumentException("address longer than 255 bytes");
        }
        int fields = replyBytes == null ? 3 : 5;
        int listBody = 1 + 2 + 2 + toBytes.length + (replyBytes == null ? 0 : 1 + 2 + replyBytes.length);
        byte[] out = new byte[3 + 2 + listBody];
        int i = 0;
        out[i++] = 0x00;
        out[i++] = 0x53;
        out[i++] = 0x73;          // properties
        out[i++] = (byte) 0xc0;   // list8
        out[i++] = (byte) listBody;
        out[i++] = (byte) fields;
        out[i++] = 0x40;          // message-id: null
        out[i++] = 0x40;          // user-id: null
        i = str8(out, i, toBytes);
        if (replyBytes != null) {
            out[i++] = 0x40;      // subject: null
            i = str8(out, i, replyBytes);
        }
        return out;
    }

    /** The descriptor and binary constructor of a data section with {@code size} bytes. */
    static byte[] dataSectionHeader(int size) {
        if (size <= 255) {
            return new byte[] {0x00, 0x53, 0x75, (byte) 0xa0, (byte) size};
        }
        byte[] out = {0x00, 0x53, 0x75, (byte) 0xb0, 0, 0, 0, 0};
        out[4] = (byte) (size >>> 24);
        out[5] = (byte) (size >>> 16);
        out[6] = (byte) (size >>> 8);
        out[7] = (byte) size;
        return out;
    }

    private static int str8(byte[] out, int i, byte[] value) {
        out[i++] = (byte) 0xa1;
        out[i++] = (byte) value.length;
        System.arraycopy(value, 0, out, i, value.length);
        return i + value.length;
    }

    static void writeLong(byte[] out, int at, long v) {
        for (int k = 7; k >= 0; k--) {
            out[at + k] = (byte) v;
            v >>>= 8;
        }
    }
}
