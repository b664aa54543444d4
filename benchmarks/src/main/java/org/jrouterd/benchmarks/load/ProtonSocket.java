package org.jrouterd.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SslDomain;
import org.apache.qpid.proton.engine.Transport;

/**
 * One AMQP connection: a proton-j Transport and Connection over a non-blocking {@link SocketChannel}, driven by the
 * single thread that calls {@link #run}. Each pass reads what the socket has, handles the collector's events, lets
 * the {@link ConnectionLoad} send or consume, and writes the transport's output; it sleeps in {@code select} only
 * when a pass did nothing. Client side uses SASL ANONYMOUS; the listening side offers ANONYMOUS and allows skipping.
 */
final class ProtonSocket {
    private static final int MAX_FRAME = 64 * 1024;

    private final SocketChannel channel;
    private final boolean server;
    private final ConnectionLoad load;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final Sasl sasl;
    private boolean remoteClosed;
    private long nextTickMillis;

    ProtonSocket(SocketChannel channel, boolean server, ConnectionLoad load) throws IOException {
        this(channel, server, load, null);
    }

    /**
     * @param tlsCa client side: speak TLS, trusting the CA certificates of this PEM file (peer verified, host name
     *              not checked: the benchmarks connect to 127.0.0.1); null for plain TCP
     */
    ProtonSocket(SocketChannel channel, boolean server, ConnectionLoad load, java.nio.file.Path tlsCa)
            throws IOException {
        this.channel = channel;
        this.server = server;
        this.load = load;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        transport.setMaxFrameSize(MAX_FRAME);
        transport.setOutboundFrameSizeLimit(MAX_FRAME);
        sasl = transport.sasl();
        sasl.setMechanisms("ANONYMOUS");
        if (server) {
            sasl.server();
            sasl.allowSkip(true);
        } else {
            sasl.client();
        }
        // proton-j wraps layers in call order, the last outermost: TLS must come after SASL.
        if (tlsCa != null && !server) {
            SslDomain domain = Proton.sslDomain();
            domain.init(SslDomain.Mode.CLIENT);
            domain.setTrustedCaDb(tlsCa.toString());
            domain.setPeerAuthentication(SslDomain.VerifyMode.VERIFY_PEER);
            transport.ssl(domain);
        }
        connection.collect(collector);
        connection.setContainer((server ? "bench-server-" : "bench-") + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + "-" + System.nanoTime());
        transport.bind(connection);
        if (!server) {
            connection.setHostname("127.0.0.1");
            connection.open();
            load.open(connection);
        }
    }

    /** Connects to {@code address} (blocking connect, then non-blocking use). */
    static SocketChannel connect(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.connect(address);
        return channel;
    }

    /** Drives the connection until the load is finished, {@code stop} says so, the peer closes or time runs out. */
    void run(long deadlineNanos, BooleanSupplier stop) throws IOException {
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                long now = System.nanoTime();
                if (now - deadlineNanos > 0 || stop.getAsBoolean() || remoteClosed || load.finished(now)) {
                    break;
                }
                boolean work = read();
                tick(now);
                work |= events(now);
                work |= load.doWork(now);
                work |= events(now);
                boolean blocked = write();
                if (!work) {
                    key.interestOps(blocked ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                    selector.select(Math.max(1, Math.min(20, nextTickMillis - now / 1_000_000)));
                    selector.selectedKeys().clear();
                }
            }
            closeQuietly();
        } finally {
            channel.close();
        }
    }

    /** Lets proton send heartbeats and enforce the idle time-out when it is due (milliseconds, never 0). */
    private void tick(long nowNanos) {
        long millis = Math.max(1, nowNanos / 1_000_000);
        if (millis >= nextTickMillis) {
            long deadline = transport.tick(millis);
            // 0: no time-out negotiated (yet); look again in a second, once the peer's open may have said one.
            nextTickMillis = deadline == 0 ? millis + 1000 : deadline;
        }
    }

    /** Moves socket bytes into the transport; returns whether any arrived. */
    private boolean read() throws IOException {
        boolean any = false;
        while (true) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                if (capacity < 0) {
                    remoteClosed = true;
                }
                return any;
            }
            ByteBuffer tail = transport.tail();
            int n = channel.read(tail);
            if (n < 0) {
                transport.close_tail();
                remoteClosed = true;
                return any;
            }
            if (n == 0) {
                return any;
            }
            transport.process();
            any = true;
        }
    }

    /** Writes pending transport output; returns true when the socket could not take it all. */
    private boolean write() throws IOException {
        while (true) {
            int pending = transport.pending();
            if (pending <= 0) {
                return false;
            }
            ByteBuffer head = transport.head();
            int n = channel.write(head);
            if (n > 0) {
                transport.pop(n);
            }
            if (n == 0 || head.hasRemaining() && n < pending) {
                return head.hasRemaining();
            }
        }
    }

    /** Handles collector events; returns whether there were any. */
    private boolean events(long now) {
        boolean any = false;
        Event event;
        while ((event = collector.peek()) != null) {
            any = true;
            handle(event, now);
            collector.pop();
        }
        if (server) {
            answerSasl();
        }
        return any;
    }

    private void handle(Event event, long now) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                if (server && connection.getLocalState() == EndpointState.UNINITIALIZED) {
                    connection.setContainer("bench-listener");
                    connection.open();
                }
            }
            case SESSION_REMOTE_OPEN -> {
                if (event.getSession().getLocalState() == EndpointState.UNINITIALIZED) {
                    event.getSession().open();
                }
            }
            case LINK_REMOTE_OPEN -> {
                Link link = event.getLink();
                if (link.getLocalState() == EndpointState.UNINITIALIZED) {
                    load.remoteLinkOpened(link);
                }
            }
            case LINK_REMOTE_CLOSE -> {
                Link link = event.getLink();
                if (link.getRemoteCondition() != null && link.getRemoteCondition().getCondition() != null) {
                    System.err.println("jrouterd-bench: link " + link.getName() + " closed by peer: "
                            + link.getRemoteCondition());
                }
                link.close();
            }
            case CONNECTION_REMOTE_CLOSE -> {
                if (connection.getRemoteCondition() != null
                        && connection.getRemoteCondition().getCondition() != null) {
                    System.err.println("jrouterd-bench: connection closed by peer: "
                            + connection.getRemoteCondition());
                }
                connection.close();
                remoteClosed = true;
            }
            case DELIVERY -> {
                Object context = event.getLink().getContext();
                if (context instanceof LinkLoad linkLoad) {
                    linkLoad.onDelivery(event.getDelivery(), now);
                }
            }
            default -> {
            }
        }
    }

    private void answerSasl() {
        if (sasl.getOutcome() == Sasl.SaslOutcome.PN_SASL_NONE && sasl.getRemoteMechanisms().length > 0) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }
    }

    /** Best effort: send close and whatever is pending without waiting for the peer. */
    private void closeQuietly() {
        try {
            if (connection.getLocalState() != EndpointState.CLOSED) {
                connection.close();
            }
            write();
        } catch (IOException | RuntimeException e) {
            // The peer may already be gone; nothing to report.
        }
    }
}
