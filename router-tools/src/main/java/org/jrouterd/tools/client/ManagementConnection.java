package org.jrouterd.tools.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * One AMQP connection for request and response, as Python Proton's {@code BlockingConnection} with a
 * {@code SyncRequestResponse} gives qdstat and qdmanage: a socket, proton-j's engine driven by the calling thread,
 * one session, a sender per node address and one dynamic receiver (credit one, refilled per reply) whose address
 * is the requests' reply-to (sender named {@code <container>-<address>}, as Python's). Every wait has the same limit, {@code -t}; when it runs out the failure says what
 * was awaited, in Python's words ({@code Timeout: Connection amqp://h:p timed out: Waiting for response}).
 *
 * <p>Threads: confined to the thread that opened it.
 */
public final class ManagementConnection implements AutoCloseable {

    private static final int READ_SLICE_MILLIS = 200;

    private final BusAddress bus;
    private final Duration timeout;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final String containerId = UUID.randomUUID().toString();
    private final byte[] readBuffer = new byte[64 * 1024];
    private Session session;
    private Sender sender;
    private Receiver replies;
    private String replyTo;
    private long nextCorrelation = 1;
    private boolean inputClosed;

    private ManagementConnection(BusAddress bus, Duration timeout, Socket socket) throws IOException {
        this.bus = bus;
        this.timeout = timeout;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects, opens the connection and a session, and attaches the reply receiver.
     *
     * @param saslMechanism null for no SASL layer (as the Python tools without SASL or SSL options), else the
     *                      mechanism to offer (ANONYMOUS)
     */
    public static ManagementConnection open(BusAddress bus, Duration timeout, String saslMechanism) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(bus.host(), bus.port()), (int) Math.max(1, timeout.toMillis()));
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw disconnected(bus, "Connection refused to all addresses");
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ToolFailure("Timeout", "Connection " + bus + " timed out: Opening connection");
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(socket);
            throw disconnected(bus, String.valueOf(e.getMessage()));
        }
        try {
            ManagementConnection c = new ManagementConnection(bus, timeout, socket);
            c.start(saslMechanism);
            return c;
        } catch (IOException e) {
            closeQuietly(socket);
            throw disconnected(bus, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private void start(String saslMechanism) throws IOException {
        if (saslMechanism != null) {
            Sasl sasl = transport.sasl();
            sasl.client();
            sasl.setMechanisms(saslMechanism);
        }
        connection.setContainer(containerId);
        connection.setHostname(bus.host());
        transport.bind(connection);
        connection.open();
        session = connection.session();
        session.open();
        await(() -> connection.getRemoteState() != EndpointState.UNINITIALIZED, "Opening connection");
    }

    /**
     * Sends further requests to {@code address}, with a sender of its own and a new reply receiver, attached in
     * that order (as each {@code SyncRequestResponse} of Python Proton does).
     */
    public void target(String address) {
        try {
            Sender created = session.sender(containerId + "-" + address);
            Target target = new Target();
            target.setAddress(address);
            created.setTarget(target);
            created.setSource(new Source());
            created.open();
            await(() -> created.getRemoteState() != EndpointState.UNINITIALIZED,
                    "Opening link " + created.getName());
            checkLink(created);
            Receiver receiver = session.receiver(containerId + "-" + UUID.randomUUID());
            Source source = new Source();
            source.setDynamic(true);
            receiver.setSource(source);
            receiver.setTarget(new Target());
            receiver.open();
            await(() -> receiver.getRemoteState() != EndpointState.UNINITIALIZED,
                    "Opening link " + receiver.getName());
            checkLink(receiver);
            Source remote = (Source) receiver.getRemoteSource();
            receiver.flow(1);
            sender = created;
            replies = receiver;
            replyTo = remote == null ? null : remote.getAddress();
        } catch (IOException e) {
            throw disconnected(bus, String.valueOf(e.getMessage()));
        }
    }

    /** The dynamic address replies come to. */
    public String replyTo() {
        return replyTo;
    }

    /**
     * Sends {@code request} to the {@link #target} (reply-to and a fresh correlation id set here), waits until
     * the router settles it, then for the response with that correlation id.
     */
    public Message call(Message request) {
        try {
            String correlation = Long.toString(nextCorrelation++);
            request.setReplyTo(replyTo);
            request.setCorrelationId(correlation);
            byte[] encoded = encode(request);
            await(() -> sender.getCredit() > 0 || sender.getRemoteState() == EndpointState.CLOSED,
                    "Sending on sender " + sender.getName());
            checkLink(sender);
            Delivery delivery = sender.delivery(correlation.getBytes(StandardCharsets.US_ASCII));
            sender.send(encoded, 0, encoded.length);
            sender.advance();
            await(() -> delivery.remotelySettled() || sender.getRemoteState() == EndpointState.CLOSED,
                    "Sending on sender " + sender.getName());
            checkLink(sender);
            if (delivery.getRemoteState() instanceof Rejected || delivery.getRemoteState() instanceof Released) {
                throw new ToolFailure("SendException", String.valueOf(delivery.getRemoteState()));
            }
            delivery.settle();
            Message[] response = new Message[1];
            await(() -> (response[0] = takeResponse(correlation)) != null, "Waiting for response");
            return response[0];
        } catch (IOException e) {
            throw disconnected(bus, String.valueOf(e.getMessage()));
        }
    }

    private Message takeResponse(String correlation) {
        Delivery delivery = replies.current();
        if (delivery == null || delivery.isPartial() || !delivery.isReadable()) {
            checkLink(replies);
            return null;
        }
        int size = delivery.pending();
        byte[] bytes = new byte[size];
        int read = replies.recv(bytes, 0, size);
        replies.advance();
        delivery.disposition(Accepted.getInstance());
        delivery.settle();
        replies.flow(1);
        Message message = Message.Factory.create();
        message.decode(bytes, 0, read);
        return correlation.equals(String.valueOf(message.getCorrelationId())) ? message : null;
    }

    private void checkLink(org.apache.qpid.proton.engine.Link link) {
        if (link.getRemoteState() == EndpointState.CLOSED) {
            ErrorCondition error = link.getRemoteCondition();
            throw new ToolFailure("LinkDetached", "Link " + link.getName() + " detached: " + condition(error));
        }
        checkConnection();
    }

    private void checkConnection() {
        if (connection.getRemoteState() == EndpointState.CLOSED) {
            throw new ToolFailure("ConnectionClosed", "Connection " + bus + " closed: "
                    + condition(connection.getRemoteCondition()));
        }
        if (inputClosed) {
            throw disconnected(bus, "Connection closed by the peer");
        }
    }

    private static String condition(ErrorCondition error) {
        if (error == null || error.getCondition() == null) {
            return "None";
        }
        return "Condition('" + error.getCondition() + "', '" + error.getDescription() + "')";
    }

    private static ToolFailure disconnected(BusAddress bus, String why) {
        return new ToolFailure("ConnectionException",
                "Connection " + bus + " disconnected: Condition('proton.pythonio', '" + why + "')");
    }

    private void await(BooleanSupplier done, String what) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            flush();
            if (done.getAsBoolean()) {
                return;
            }
            checkConnection();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ToolFailure("Timeout", "Connection " + bus + " timed out: " + what);
            }
            readSome((int) Math.max(1, Math.min(READ_SLICE_MILLIS, left / 1_000_000)));
            transport.tick(System.currentTimeMillis());
        }
    }

    private void readSome(int waitMillis) throws IOException {
        if (inputClosed) {
            return;
        }
        socket.setSoTimeout(waitMillis);
        int capacity = transport.capacity();
        if (capacity <= 0) {
            inputClosed = capacity < 0;
            return;
        }
        int n;
        try {
            n = in.read(readBuffer, 0, Math.min(capacity, readBuffer.length));
        } catch (SocketTimeoutException e) {
            return;
        }
        if (n < 0) {
            inputClosed = true;
            transport.close_tail();
            return;
        }
        ByteBuffer tail = transport.tail();
        tail.put(readBuffer, 0, n);
        transport.process();
    }

    private void flush() throws IOException {
        while (transport.pending() > 0) {
            ByteBuffer head = transport.head();
            byte[] chunk = new byte[head.remaining()];
            head.get(chunk);
            out.write(chunk);
            transport.pop(chunk.length);
        }
        out.flush();
    }

    private static byte[] encode(Message message) {
        int size = 4096;
        while (true) {
            byte[] buffer = new byte[size];
            try {
                int n = message.encode(buffer, 0, buffer.length);
                if (n < buffer.length) {
                    return java.util.Arrays.copyOf(buffer, n);
                }
            } catch (java.nio.BufferOverflowException e) {
                // try a larger buffer
            }
            size *= 4;
        }
    }

    /** Closes the connection (waiting briefly for the router's close) and the socket. */
    @Override
    public void close() {
        try {
            if (connection.getLocalState() != EndpointState.CLOSED) {
                connection.close();
            }
            long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofSeconds(1).toNanos());
            flush();
            while (!inputClosed && connection.getRemoteState() == EndpointState.ACTIVE
                    && System.nanoTime() < deadline) {
                readSome(50);
                flush();
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
