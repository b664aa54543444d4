package org.jrouterd.transport.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.engine.FatalErrors;
import org.jrouterd.transport.amqp.AmqpConnectionHandler;
import org.jrouterd.transport.amqp.ConnectionRegistry;
import org.jrouterd.transport.amqp.ConnectionSnapshot;
import org.jrouterd.transport.amqp.LinkSnapshot;
import org.jrouterd.transport.amqp.LocalRouter;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.tls.ConnectionPipeline;
import org.jrouterd.transport.tls.TlsContextSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's Netty server: one acceptor thread and {@code ioThreads} event loops (epoll when the native
 * transport is available, NIO otherwise), the listeners bound on them, and every accepted connection, so that
 * {@link #close()} can stop them all.
 *
 * <p>A fatal error on any of its threads (see {@link GuardedEventLoopGroup}) or one that reaches the end of a
 * pipeline ({@link FatalErrorHandler}) goes to the router's {@link FatalErrors}.
 *
 * <p>Threads: {@link #listen}, {@link #bind}, {@link #connect} and their undoing may be called from any thread
 * (the starting thread, then the management thread); {@link #close} by the router's owning thread. Connections run
 * on the event loops. It also runs the router's connectors (outgoing connections) on the same event loops.
 */
public final class AmqpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    private final LocalRouter router;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends Channel> socketChannel;
    private final List<AmqpConnector> connectors = new CopyOnWriteArrayList<>();
    private final ChannelGroup channels = new DefaultChannelGroup("jrouterd", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final FatalErrorHandler fatalErrorHandler;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    /** The TLS contexts of listeners and connectors whose sslProfile files are watched for rotation. */
    private final List<TlsContextSource> watchedTls = new CopyOnWriteArrayList<>();

    /** A server for {@code router} with {@code ioThreads} event loops, reporting fatal errors to {@code fatal}. */
    public AmqpServer(LocalRouter router, int ioThreads, FatalErrors fatal) {
        this.router = router;
        this.fatalErrorHandler = new FatalErrorHandler(fatal);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.socketChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.acceptor = new GuardedEventLoopGroup(1, "jrouterd-accept-" + router.id(), io, fatal);
        this.workers = new GuardedEventLoopGroup(ioThreads, "jrouterd-io-" + router.id(), io, fatal);
        acceptor.next().scheduleAtFixedRate(registry::detectStuckDeliveries, ConnectionRegistry.STUCK_SWEEP_SECONDS,
                ConnectionRegistry.STUCK_SWEEP_SECONDS, TimeUnit.SECONDS);
        // Live rotation: a look at the watched sslProfiles' files every few seconds, on the acceptor's loop.
        acceptor.next().scheduleWithFixedDelay(this::refreshTls, TlsContextSource.CHECK_INTERVAL_MILLIS,
                TlsContextSource.CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void refreshTls() {
        for (TlsContextSource source : watchedTls) {
            source.refreshIfChanged();
        }
    }

    private void watch(TlsContextSource source) {
        if (source.watches()) {
            watchedTls.add(source);
        }
    }

    /**
     * Binds a listener and starts accepting connections on it.
     *
     * @return the bound address (with the real port when the spec asked for port 0)
     * @throws ListenerBindException if the address cannot be bound (for example, the port is taken)
     */
    public InetSocketAddress listen(ListenerSpec spec) {
        return bind(spec).address();
    }

    /**
     * Binds a listener and starts accepting connections on it; the handle stops it again.
     *
     * @return the listener
     * @throws ListenerBindException if the address cannot be bound (for example, the port is taken)
     */
    public Listening bind(ListenerSpec spec) {
        ChannelGroup accepted = new DefaultChannelGroup("jrouterd-listener", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = ConnectionPipeline.configure(new ServerBootstrap()
                .group(acceptor, workers)
                .channel(serverChannel))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        accepted.add(channel);
                        ConnectionPipeline.accepted(channel, spec.tls(),
                                new AmqpConnectionHandler(router, spec, registry), fatalErrorHandler);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(spec.host(), spec.port()).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new ListenerBindException("cannot listen on " + spec.host() + ":" + spec.port() + ": "
                    + e.getMessage(), e);
        }
        // Last, after the acceptor Netty added while registering: it passes accept errors on to here.
        channel.pipeline().addLast(FatalErrorHandler.NAME, fatalErrorHandler);
        listeners.add(channel);
        channels.add(channel);
        if (spec.tls() != null) {
            watch(spec.tls().contexts());
        }
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        if (spec.tls() == null) {
            LOG.info("Listening on {}:{}", bound.getHostString(), bound.getPort());
        } else {
            LOG.info("Listening on {}:{} (sslProfile {}, {})", bound.getHostString(), bound.getPort(),
                    spec.tls().profile().name(), spec.tls().requireSsl() ? "TLS required" : "TLS or plain");
        }
        return new Listening(bound, channel, accepted, spec.tls() == null ? null : spec.tls().contexts());
    }

    /**
     * One bound listener. {@link #stop()} stops accepting and closes the connections it accepted as the router's
     * shutdown does (an AMQP Close {@code amqp:connection:forced}, then the socket).
     *
     * <p>Threads: any thread; the channels it holds belong to their event loops and are closed there.
     */
    public final class Listening {
        private final InetSocketAddress address;
        private final Channel channel;
        private final ChannelGroup accepted;
        private final TlsContextSource tls;

        private Listening(InetSocketAddress address, Channel channel, ChannelGroup accepted, TlsContextSource tls) {
            this.address = address;
            this.channel = channel;
            this.accepted = accepted;
            this.tls = tls;
        }

        /** The bound address (the real port when the spec asked for port 0). */
        public InetSocketAddress address() {
            return address;
        }

        /** Stops accepting, then closes every connection accepted here; waits a few seconds at most. */
        public void stop() {
            listeners.remove(channel);
            if (tls != null) {
                watchedTls.remove(tls);
            }
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            closeGracefully(accepted, "its listener was deleted");
            LOG.info("Stopped listening on {}:{}", address.getHostString(), address.getPort());
        }
    }

    /** Starts a connector: it connects in the background and keeps its connection up until {@link #close()}. */
    public AmqpConnector connect(ConnectorSpec spec) {
        AmqpConnector connector = new AmqpConnector(router, spec, workers.next(), socketChannel, fatalErrorHandler,
                registry);
        connectors.add(connector);
        if (spec.tls() != null) {
            watch(spec.tls().contexts());
        }
        connector.start();
        return connector;
    }

    /** Stops a connector started by {@link #connect}: no more retries, its connection closed. */
    public void disconnect(AmqpConnector connector) {
        connectors.remove(connector);
        if (connector.spec().tls() != null) {
            watchedTls.remove(connector.spec().tls().contexts());
        }
        connector.close("its connector was deleted");
    }

    /** Every live connection, accepted or opened by a connector, and the ids of connections and links. */
    public ConnectionRegistry registry() {
        return registry;
    }

    /** Any thread: every live connection (accepted and connectors'), as management shows it; see the registry. */
    public CompletableFuture<List<ConnectionSnapshot>> connections() {
        return registry.connections();
    }

    /** Any thread: every link of every live connection, as management shows it; see the registry. */
    public CompletableFuture<List<LinkSnapshot>> links() {
        return registry.links();
    }

    /**
     * Any thread: closes connection {@code id} with {@code amqp:connection:forced}, as qdrouterd does for a
     * management {@code adminStatus=deleted}; completes with false if there is no such live connection.
     */
    public CompletableFuture<Boolean> closeConnection(long id) {
        return registry.closeConnection(id);
    }

    /**
     * Sends each open AMQP connection among {@code group} a Close ({@code amqp:connection:forced}, {@code why}) and
     * waits (2 s at most) for their sockets.
     */
    private static void closeGracefully(Iterable<Channel> group, String why) {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : group) {
            AmqpConnectionHandler handler = channel.pipeline().get(AmqpConnectionHandler.class);
            if (handler != null && channel.isActive()) {
                channel.eventLoop().execute(() -> handler.closeForced(why));
                closing.add(channel.closeFuture());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** The I/O event loops (for tests and diagnostics). */
    public EventLoopGroup ioLoops() {
        return workers;
    }

    /**
     * Stops accepting, closes every connection with an AMQP Close ({@code amqp:connection:forced}) and stops the
     * event loops; waits a few seconds at most.
     */
    @Override
    public void close() {
        for (AmqpConnector connector : connectors) {
            connector.close();
        }
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        closeGracefully(channels, AmqpConnectionHandler.SHUTDOWN);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
