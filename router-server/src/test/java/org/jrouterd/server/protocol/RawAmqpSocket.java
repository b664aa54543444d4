package org.jrouterd.server.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * A plain TCP client that writes arbitrary bytes to a router and collects everything the router writes back until
 * it closes the socket; plus the little framing needed to build bad input and to read the router's answer
 * (protocol header, then frames decoded with proton-j's codec).
 *
 * <p>Threads: used by the test thread only.
 */
final class RawAmqpSocket {

    static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    static final int AMQP_FRAME = 0;
    static final int SASL_FRAME = 1;

    private RawAmqpSocket() {
    }

    /**
     * Connects, writes {@code request}, and reads until the router closes the connection.
     *
     * @return every byte the router wrote
     * @throws AssertionError if the router keeps the connection open past the deadline
     */
    static byte[] sendAndReadUntilClosed(int port, byte[] request) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PeerScripts.WAIT_SECONDS);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(PeerScripts.HOST, port), (int) TimeUnit.SECONDS.toMillis(5));
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw stillOpen(received);
                }
                socket.setSoTimeout((int) left);
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    throw stillOpen(received);
                }
                if (n < 0) {
                    return received.toByteArray();
                }
                received.write(buffer, 0, n);
            }
        }
    }

    private static AssertionError stillOpen(ByteArrayOutputStream received) {
        return new AssertionError("the router did not close the connection within " + PeerScripts.WAIT_SECONDS
                + " s; it wrote " + hex(received.toByteArray()));
    }

    /** An AMQP frame carrying {@code performative} (a proton-j transport type) and optionally message sections. */
    static byte[] amqpFrame(int channel, Object performative, Object... sections) {
        ByteBuffer body = ByteBuffer.allocate(64 * 1024);
        EncoderImpl encoder = new EncoderImpl(new DecoderImpl());
        AMQPDefinedTypes.registerAllTypes(encoder.getDecoder(), encoder);
        encoder.setByteBuffer(body);
        encoder.writeObject(performative);
        for (Object section : sections) {
            encoder.writeObject(section);
        }
        return frame(AMQP_FRAME, channel, Arrays.copyOf(body.array(), body.position()));
    }

    /** A SASL frame carrying {@code performative} (a proton-j security type). */
    static byte[] saslFrame(Object performative) {
        ByteBuffer body = ByteBuffer.allocate(64 * 1024);
        EncoderImpl encoder = new EncoderImpl(new DecoderImpl());
        AMQPDefinedTypes.registerAllTypes(encoder.getDecoder(), encoder);
        encoder.setByteBuffer(body);
        encoder.writeObject(performative);
        return frame(SASL_FRAME, 0, Arrays.copyOf(body.array(), body.position()));
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

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Decodes the frames that follow the 8-byte protocol header. An empty frame decodes to the string
     * {@code "empty-frame"}; a frame that is cut short fails the test.
     */
    static List<Object> framesAfterHeader(byte[] reply) {
        DecoderImpl decoder = new DecoderImpl();
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
        ByteBuffer in = ByteBuffer.wrap(reply, 8, reply.length - 8);
        List<Object> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 8) {
                throw new AssertionError("truncated frame header in " + hex(reply));
            }
            int start = in.position();
            int size = in.getInt();
            int dataOffset = (in.get() & 0xFF) * 4;
            if (size < 8 || size > in.remaining() + 5 || dataOffset < 8 || dataOffset > size) {
                throw new AssertionError("malformed frame at byte " + start + " of " + hex(reply));
            }
            ByteBuffer body = ByteBuffer.wrap(reply, start + dataOffset, size - dataOffset).slice();
            in.position(start + size);
            if (!body.hasRemaining()) {
                frames.add("empty-frame");
                continue;
            }
            decoder.setByteBuffer(body);
            frames.add(decoder.readObject());
        }
        return frames;
    }

    static byte[] header(byte[] reply) {
        return Arrays.copyOf(reply, Math.min(8, reply.length));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
