package org.jrouterd.transport.connector;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jrouterd.transport.amqp.AmqpConnectionHandler;
import org.jrouterd.transport.amqp.ConnectionRegistry;
import org.jrouterd.transport.amqp.LocalRouter;
import org.jrouterd.transport.amqp.OutboundOptions;
import org.jrouterd.transport.connector.ConnectorSpec.HostPort;
import org.jrouterd.transport.tls.ConnectionPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one outgoing AMQP connection up. While it cannot connect it retries with exponential back-off (from
 * {@code minRetryMillis}, doubling, at most {@code maxRetryMillis}, each delay jittered by ±25% so that many
 * routers restarting together do not retry in step), moving to the next failover address after each failure. A
 * connection that was up and then dropped is retried at the same address first.
 *
 * <p>Threads: all state changes on one event loop (the one its connection lives on); {@link #status()} and
 * {@link #statusMessage()} may be read from any thread; {@link #close()} from any thread.
 */
public final class AmqpConnector implements AutoCloseable, OutboundOptions.ConnectionObserver {

    private static final Logger LOG = LoggerFactory.getLogger("CONN_MGR");

    /** qdrouterd's {@code connectionStatus} values. */
    public enum Status { CONNECTING, SUCCESS, FAILED }

    private final LocalRouter router;
    private final ConnectorSpec spec;
    private final EventLoop loop;
    private final Class<? extends Channel> channelType;
    /** The last handler of each connection's pipeline (the router's fatal error handler). */
    private final ChannelHandler lastHandler;
    private final List<HostPort> targets;
    private final ConnectionRegistry registry;
    /** The status and its message, replaced together so that a reader never pairs one with the other's past. */
    private record State(Status status, String message) {
    }

    private volatile State state = new State(Status.CONNECTING, "not started");
    private volatile long connections;
    private int index;
    private int failures;
    private boolean opened;
    private boolean closed;
    private Channel channel;
    private ScheduledFuture<?> retry;

    /**
     * A connector on {@code loop}; each connection's pipeline is the AMQP handler, then {@code lastHandler} (a
     * sharable handler: the router's fatal error handler). Its connection is listed in {@code registry} while up.
     */
    public AmqpConnector(LocalRouter router, ConnectorSpec spec, EventLoop loop, Class<? extends Channel> channelType,
                         ChannelHandler lastHandler, ConnectionRegistry registry) {
        this.router = router;
        this.registry = registry;
        this.spec = spec;
        this.loop = loop;
        this.channelType = channelType;
        this.lastHandler = lastHandler;
        this.targets = spec.targets();
    }

    /** Starts connecting (asynchronously). */
    public void start() {
        loop.execute(this::connect);
    }

    /** The connector's configuration. */
    public ConnectorSpec spec() {
        return spec;
    }

    /** Any thread: CONNECTING, SUCCESS (the peer answered our Open) or FAILED (waiting to retry). */
    public Status status() {
        return state.status();
    }

    /** Any thread: what happened last, in words. */
    public String statusMessage() {
        return state.message();
    }

    /** Any thread: how many times a connection has been opened (1 after the first success, 2 after a reconnect). */
    public long connectionCount() {
        return connections;
    }

    private void connect() {
        retry = null;
        if (closed) {
            return;
        }
        HostPort target = targets.get(index);
        state = new State(Status.CONNECTING, "Connecting to " + target);
        opened = false;
        OutboundOptions options = new OutboundOptions(target.host(), target.toString(), spec.saslUsername(),
                spec.saslPassword(), this);
        ChannelFuture future = ConnectionPipeline.configure(new Bootstrap()
                .group(loop)
                .channel(channelType))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ConnectionPipeline.dialled(ch, spec.tls(), target.host(), target.port(),
                                new AmqpConnectionHandler(router, spec, options, registry), lastHandler);
                    }
                })
                .connect(target.host(), target.port());
        channel = future.channel();
        future.addListener(done -> {
            if (!done.isSuccess()) {
                channel = null;
                failed("cannot connect to " + target + ": " + done.cause().getMessage(), true);
            } else if (closed) {
                future.channel().close();
            }
        });
    }

    @Override
    public void opened(String remoteContainer) {
        opened = true;
        failures = 0;
        connections++;
        state = new State(Status.SUCCESS,
                "Connection Opened: dir=out host=" + targets.get(index) + " container=" + remoteContainer);
        LOG.info("Connector {}: {}", spec.name(), state.message());
    }

    @Override
    public void closed(String reason) {
        channel = null;
        if (!closed) {
            failed((opened ? "connection to " : "cannot open AMQP connection to ") + targets.get(index) + ": "
                    + reason, !opened);
        }
    }

    private void failed(String message, boolean tryNextAddress) {
        if (closed) {
            return;
        }
        state = new State(Status.FAILED, message);
        if (tryNextAddress) {
            index = (index + 1) % targets.size();
        }
        long delay = retryDelay(failures++);
        LOG.info("Connector {}: {}; retrying {} in {} ms", spec.name(), message, targets.get(index), delay);
        retry = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** The delay before retry number {@code failure} (0-based): doubling from the minimum, capped, jittered. */
    public long retryDelay(int failure) {
        long base = spec.minRetryMillis() << Math.min(failure, 20);
        long capped = Math.min(spec.maxRetryMillis(), base);
        double jitter = 0.75 + 0.5 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (capped * jitter));
    }

    /**
     * Stops retrying and closes the connection, with an AMQP Close ({@code amqp:connection:forced}) when it is
     * up, like the router's accepted connections; waits a few seconds at most.
     */
    @Override
    public void close() {
        close(AmqpConnectionHandler.SHUTDOWN);
    }

    /** {@link #close()}, with {@code why} as the Close's description. */
    public void close(String why) {
        if (loop.isShuttingDown()) {
            return;
        }
        Channel[] closing = new Channel[1];
        loop.submit(() -> {
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            if (channel != null) {
                closing[0] = channel;
                AmqpConnectionHandler handler = channel.pipeline().get(AmqpConnectionHandler.class);
                if (handler != null && channel.isActive()) {
                    handler.closeForced(why);   // Close frame out, then the socket
                } else {
                    channel.close();
                }
            }
        }).awaitUninterruptibly(5, TimeUnit.SECONDS);
        Channel channel = closing[0];
        if (channel != null && !channel.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS)) {
            channel.close();
        }
    }
}
