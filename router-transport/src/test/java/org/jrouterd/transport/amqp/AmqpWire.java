package org.jrouterd.transport.amqp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * The bytes of AMQP 1.0 on the wire, for tests that play a peer: protocol headers, frames encoded with proton-j's
 * codec, and the decoding of what the router wrote back (headers and frames, SASL and AMQP alike).
 *
 * <p>Threads: stateless; each call builds its own codec.
 */
final class AmqpWire {

    static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    static final int AMQP_FRAME = 0;
    static final int SASL_FRAME = 1;

    /** What one decoded frame of the router's output stands for when it has no body. */
    static final String EMPTY_FRAME = "empty-frame";

    private AmqpWire() {
    }

    /** An AMQP frame carrying {@code performative} (a proton-j transport type) and optionally message sections. */
    static byte[] amqpFrame(int channel, Object performative, Object... sections) {
        return frame(AMQP_FRAME, channel, encode(performative, sections));
    }

    /** A SASL frame carrying {@code performative}. */
    static byte[] saslFrame(Object performative) {
        return frame(SASL_FRAME, 0, encode(performative));
    }

    /** The encoding of {@code first} followed by {@code more}, back to back (a performative or a message). */
    static byte[] encode(Object first, Object... more) {
        ByteBuffer body = ByteBuffer.allocate(64 * 1024);
        EncoderImpl encoder = new EncoderImpl(new DecoderImpl());
        AMQPDefinedTypes.registerAllTypes(encoder.getDecoder(), encoder);
        encoder.setByteBuffer(body);
        encoder.writeObject(first);
        for (Object section : more) {
            encoder.writeObject(section);
        }
        return Arrays.copyOf(body.array(), body.position());
    }

    /** One frame: 4-byte size, data offset 2 (no extended header), type, channel, then {@code body}. */
    static byte[] frame(int type, int channel, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(8 + body.length);
        frame.putInt(8 + body.length).put((byte) 2).put((byte) type).putShort((short) channel).put(body);
        return frame.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] concat(List<byte[]> parts) {
        return concat(parts.toArray(new byte[0][]));
    }

    /**
     * Decodes what a router wrote: each protocol header as the string {@code "AMQP x.y.z.w"}, each frame as its
     * decoded performative (an empty frame as {@link #EMPTY_FRAME}). A frame cut short at the end is returned
     * as the string {@code "truncated"}; one that does not decode fails.
     */
    static List<Object> decode(byte[] written) {
        DecoderImpl decoder = new DecoderImpl();
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
        ByteBuffer in = ByteBuffer.wrap(written);
        List<Object> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            if (in.remaining() >= 8 && written[start] == 'A' && written[start + 1] == 'M'
                    && written[start + 2] == 'Q' && written[start + 3] == 'P') {
                frames.add(new String(written, start, 4, StandardCharsets.US_ASCII) + " " + written[start + 4]
                        + "." + written[start + 5] + "." + written[start + 6] + "." + written[start + 7]);
                in.position(start + 8);
                continue;
            }
            if (in.remaining() < 8) {
                frames.add("truncated");
                break;
            }
            int size = in.getInt();
            int dataOffset = (in.get() & 0xFF) * 4;
            if (size < 8 || dataOffset < 8 || dataOffset > size) {
                throw new AssertionError("malformed frame at byte " + start + " of " + hex(written));
            }
            if (size > written.length - start) {
                frames.add("truncated");
                break;
            }
            ByteBuffer body = ByteBuffer.wrap(written, start + dataOffset, size - dataOffset).slice();
            in.position(start + size);
            if (!body.hasRemaining()) {
                frames.add(EMPTY_FRAME);
                continue;
            }
            decoder.setByteBuffer(body);
            frames.add(decoder.readObject());
        }
        return frames;
    }

    /** The Close among decoded frames, or null. */
    static Close close(List<Object> frames) {
        return frames.stream().filter(Close.class::isInstance).map(Close.class::cast).findFirst().orElse(null);
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
