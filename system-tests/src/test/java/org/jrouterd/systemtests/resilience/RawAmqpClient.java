package org.jrouterd.systemtests.resilience;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * The cheapest AMQP client there is, for opening many connections (a copy of the benchmarks' {@code
 * RawAmqpConnection}, which this module cannot depend on): one blocking socket that writes the SASL
 * header, a SASL-init for ANONYMOUS, the AMQP header and an Open in one go (all pre-encoded), then reads frames
 * until the peer's Open; {@link #close()} sends a Close and waits for the peer's Close or end of stream. It keeps
 * no protocol engine, so a client holding thousands of them costs little more than their sockets.
 *
 * <p>Threads: one instance is used by one thread at a time.
 */
final class RawAmqpClient implements AutoCloseable {

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    private static final byte SASL_OUTCOME = 0x44;
    private static final byte OPEN = 0x10;
    private static final byte CLOSE = 0x18;
    private static final byte[] HANDSHAKE = handshakeBytes();
    private static final byte[] CLOSE_FRAME = frame(0, new Close());
    private static final byte[] EMPTY_FRAME = {0, 0, 0, 8, 2, 0, 0, 0};

    private final SocketChannel socket;
    private final ByteBuffer input = ByteBuffer.allocate(4096);

    private RawAmqpClient(SocketChannel socket) {
        this.socket = socket;
    }

    /**
     * Connects, completes SASL ANONYMOUS and exchanges Open frames.
     *
     * @param local         the local address to bind, or null for any
     * @param timeoutMillis how long each read may wait for the router
     * @throws IOException when the router refuses, closes or does not answer within the time-out
     */
    static RawAmqpClient open(InetSocketAddress router, InetSocketAddress local, int timeoutMillis) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (local != null) {
                socket.bind(local);
            }
            socket.socket().connect(router, timeoutMillis);
            socket.socket().setSoTimeout(timeoutMillis);
            RawAmqpClient connection = new RawAmqpClient(socket);
            connection.handshake();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void handshake() throws IOException {
        write(HANDSHAKE);
        expectHeader(SASL_HEADER);
        while (readFrame() != SASL_OUTCOME) {
            // sasl-mechanisms first
        }
        expectHeader(AMQP_HEADER);
        while (readFrame() != OPEN) {
            // nothing else comes before the Open
        }
    }

    /**
     * Sends a Close, waits for the router's Close and then for the router to close the socket (so that the
     * router's side, not this one, keeps the closed connection's TIME_WAIT and this side's ports are free at
     * once), then closes the socket.
     *
     * @throws IOException if the router does not answer with a Close
     */
    @Override
    public void close() throws IOException {
        try {
            write(CLOSE_FRAME);
            while (readFrame() != CLOSE) {
                // empty frames, or anything the router sent before its Close
            }
            awaitEndOfStream();
        } finally {
            socket.close();
        }
    }

    private void awaitEndOfStream() throws IOException {
        try {
            while (true) {
                readFrame();
            }
        } catch (EOFException e) {
            // the router closed its end
        }
    }

    /**
     * Writes an empty frame, which keeps the connection within the router's idle time-out.
     *
     * @return false when the socket is closed or broken
     */
    boolean heartbeat() {
        try {
            write(EMPTY_FRAME);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            socket.write(out);
        }
    }

    private void expectHeader(byte[] header) throws IOException {
        byte[] got = new byte[header.length];
        read(got);
        if (!Arrays.equals(got, header)) {
            throw new IOException("expected protocol header " + Arrays.toString(header) + ", got "
                    + Arrays.toString(got));
        }
    }

    /** Reads one frame; returns its performative's descriptor code, or 0 for an empty frame. */
    private byte readFrame() throws IOException {
        byte[] head = new byte[8];
        read(head);
        ByteBuffer header = ByteBuffer.wrap(head);
        int size = header.getInt();
        int dataOffset = (head[4] & 0xff) * 4;
        if (size < 8 || dataOffset < 8 || dataOffset > size || size > 1 << 20) {
            throw new IOException("bad frame header " + Arrays.toString(head));
        }
        byte[] rest = new byte[size - 8];
        read(rest);
        int body = dataOffset - 8;
        if (rest.length - body < 3) {
            return 0;
        }
        // A described list: 0x00, then the descriptor as smallulong (0x53 <code>).
        return rest[body] == 0 && rest[body + 1] == 0x53 ? rest[body + 2] : (byte) -1;
    }

    private void read(byte[] into) throws IOException {
        int filled = 0;
        while (filled < into.length) {
            if (input.position() == 0) {
                int n;
                try {
                    n = socket.socket().getInputStream().read(input.array(), 0, input.capacity());
                } catch (SocketTimeoutException e) {
                    throw new IOException("the router did not answer in time", e);
                }
                if (n < 0) {
                    throw new EOFException("the router closed the connection");
                }
                input.position(n);
            }
            input.flip();
            int take = Math.min(input.remaining(), into.length - filled);
            input.get(into, filled, take);
            filled += take;
            input.compact();
        }
    }

    private static byte[] handshakeBytes() {
        SaslInit init = new SaslInit();
        init.setMechanism(Symbol.valueOf("ANONYMOUS"));
        init.setInitialResponse(new Binary(new byte[0]));
        Open open = new Open();
        open.setContainerId("raw-" + ProcessHandle.current().pid());
        open.setHostname("127.0.0.1");
        byte[] saslInit = frame(1, init);
        byte[] openFrame = frame(0, open);
        ByteBuffer all = ByteBuffer.allocate(SASL_HEADER.length + saslInit.length + AMQP_HEADER.length
                + openFrame.length);
        all.put(SASL_HEADER).put(saslInit).put(AMQP_HEADER).put(openFrame);
        return all.array();
    }

    private static byte[] frame(int type, Object performative) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer buffer = ByteBuffer.allocate(512);
        buffer.position(8);
        encoder.setByteBuffer(buffer);
        encoder.writeObject(performative);
        int size = buffer.position();
        buffer.putInt(0, size).put(4, (byte) 2).put(5, (byte) type).putShort(6, (short) 0);
        return Arrays.copyOf(buffer.array(), size);
    }
}
