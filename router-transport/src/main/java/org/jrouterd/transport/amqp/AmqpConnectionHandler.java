package org.jrouterd.transport.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jrouterd.core.delivery.MessageMemory;
import org.jrouterd.core.engine.FatalErrors;
import org.jrouterd.transport.server.ConnectionSettings;
import org.jrouterd.transport.tls.TlsRefusal;
import org.jrouterd.transport.tls.TlsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of one AMQP connection: feeds received bytes to the {@link AmqpConnection}, writes its frames
 * out, flushes once per read batch or inbox drain, stops sending messages while the channel is not writable, and
 * drives proton's idle-timeout ticks with the event loop's scheduler.
 *
 * <p>Threads: runs on the channel's event loop only.
 */
public final class AmqpConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");
    /** Bytes of messages sent per pass before output is handed to the channel and writability re-checked. */
    private static final int SEND_BATCH_BYTES = 64 * 1024;
    /**
     * How long a closing connection may take to flush its last frames (the Close) before the socket is closed
     * anyway: a peer that stopped reading would otherwise keep it open for ever.
     */
    static final long CLOSE_GRACE_MILLIS = 2_000;
    /** How soon a connection paused part-way through a message tries again for the oversize token. */
    static final long OVERSIZE_RETRY_MILLIS = 100;

    private final LocalRouter router;
    private final ConnectionSettings spec;
    private final OutboundOptions outbound;
    private final ConnectionRegistry registry;
    private long identity;
    private ChannelHandlerContext ctx;
    private AmqpConnection amqp;
    private ScheduledFuture<?> tick;
    /** Whether the connection's first bytes have arrived (the SASL offer is settled then). */
    private boolean inputStarted;
    private ScheduledFuture<?> handshakeTimeout;
    private long tickDeadline;
    private boolean closing;
    private ScheduledFuture<?> closeGrace;
    /** Whether reading is paused because the router holds as many message bytes as it may. */
    private boolean readPaused;
    /** Whether this connection holds the message memory's oversize token (reads on to finish a message). */
    private boolean holdsOversize;
    /** Bytes handed to the channel so far; minus those still pending, what the socket has accepted. */
    private long bytesQueued;
    private ScheduledFuture<?> writeWatch;
    private long acceptedAtLastWatch;
    /** Messages received when this connection took the oversize token: it reads on until that one is whole. */
    private long oversizeFrom;

    /** A handler for a connection accepted by a listener, registered in {@code registry} while it is live. */
    public AmqpConnectionHandler(LocalRouter router, ConnectionSettings spec, ConnectionRegistry registry) {
        this(router, spec, null, registry);
    }

    /**
     * @param outbound for a connection this router opens (a connector's), its options; null for an accepted one
     * @param registry the router's live connections, where this one is listed while it is up
     */
    public AmqpConnectionHandler(LocalRouter router, ConnectionSettings spec, OutboundOptions outbound,
                                 ConnectionRegistry registry) {
        this.router = router;
        this.spec = spec;
        this.outbound = outbound;
        this.registry = registry;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        String remote = String.valueOf(context.channel().remoteAddress());
        identity = registry.nextConnectionId();
        String host = outbound != null ? outbound.hostPort() : hostPort(context.channel().remoteAddress());
        // TLS, where a listener or connector has it, is an SslHandler ahead of this one in the pipeline.
        boolean encrypted = context.pipeline().get(SslHandler.class) != null;
        amqp = new AmqpConnection(router, spec, remote, outbound, identity, host, registry, this::nowMillis,
                encrypted);
        amqp.attachInbox(new ConnectionInbox(context.channel().eventLoop(), this::afterWork));
        registry.add(identity, this);
        if (outbound == null) {
            LOG.info("[C{}] Accepted connection to {} from {}", identity,
                    hostPort(context.channel().localAddress()), host);
        } else {
            LOG.info("[C{}] Connected to {}", identity, host);
        }
        // A peer that never completes the AMQP handshake must not hold a socket forever: proton's idle clock
        // only starts with the Open, so give the whole handshake the idle time-out (or 16 s without one).
        int seconds = spec.idleTimeoutSeconds() > 0 ? spec.idleTimeoutSeconds() : 16;
        // The task holds this handler (and so the whole engine) until it runs: it is cancelled on close, or a
        // churn of short connections keeps every closed one reachable for the whole time-out.
        handshakeTimeout = context.executor().schedule(this::closeIfNotOpened, seconds, TimeUnit.SECONDS);
        context.fireChannelActive();
        if (outbound != null) {
            afterWork();   // our protocol header, SASL and Open go first
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            if (!closing) {
                if (!inputStarted) {
                    inputStarted = true;
                    startInput(context);
                }
                amqp.input(bytes);
            }
        } finally {
            bytes.release();
        }
    }

    /**
     * Tells the connection, before its first bytes, whether it runs over TLS and which certificate its peer
     * presented: bytes reach this handler only after the TLS handshake, or once the listener has seen a plain
     * connection.
     */
    private void startInput(ChannelHandlerContext context) {
        SslHandler ssl = context.pipeline().get(SslHandler.class);
        java.security.cert.X509Certificate[] chain = null;
        if (ssl != null) {
            try {
                java.security.cert.Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
                if (peer.length > 0 && peer[0] instanceof java.security.cert.X509Certificate) {
                    chain = java.util.Arrays.stream(peer).filter(c -> c instanceof java.security.cert.X509Certificate)
                            .toArray(java.security.cert.X509Certificate[]::new);
                }
            } catch (javax.net.ssl.SSLPeerUnverifiedException noCertificate) {
                // the client presented none: no EXTERNAL for it
            }
        }
        amqp.inputStarts(ssl != null, chain);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        afterWork();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            afterWork();
        }
        context.fireChannelWritabilityChanged();
    }

    /** {@code ip:port} of a socket address, as qdrouterd shows an accepted connection's host. */
    private static String hostPort(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort()
                : String.valueOf(address);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (amqp != null) {
            registry.remove(identity);
        }
        // A scheduled task holds this handler, and so the whole engine, until it runs.
        tick = cancel(tick);
        handshakeTimeout = cancel(handshakeTimeout);
        closeGrace = cancel(closeGrace);
        writeWatch = cancel(writeWatch);
        if (holdsOversize) {
            holdsOversize = false;
            router.memory().releaseOversize(this);
        }
        if (amqp != null) {
            amqp.inputClosed();
            amqp.closed();
            String reason = amqp.endReason();
            if (outbound != null) {
                outbound.observer().closed(reason);
            }
            logEnd(reason);
        }
        context.fireChannelInactive();
    }

    /**
     * One line per connection, saying how it ended: at debug when the peer closed it cleanly, at info otherwise
     * (an idle, handshake or write time-out, a protocol error, a connection lost without Close).
     */
    private void logEnd(String reason) {
        String to = outbound == null ? "from" : "to";
        if (amqp.endedCleanly()) {
            LOG.debug("[C{}] connection {} {} ended: {}", identity, to, ctx.channel().remoteAddress(), reason);
        } else {
            LOG.info("[C{}] connection {} {} ended: {}", identity, to, ctx.channel().remoteAddress(), reason);
        }
    }

    /**
     * The TLS stage's news: a handshake that completed (management and the open line show the protocol and
     * cipher from then on) or failed, or a connection it refuses; the reason goes to the line that logs its end.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && amqp != null) {
            if (handshake.isSuccess()) {
                SslHandler ssl = context.pipeline().get(SslHandler.class);
                if (ssl != null) {
                    amqp.tlsSession(TlsSession.of(ssl));
                }
            } else {
                amqp.closeReason("TLS handshake failed: " + tlsReason(handshake.cause()));
            }
        } else if (event instanceof TlsRefusal refusal && amqp != null) {
            amqp.closeReason(refusal.reason());
        }
        context.fireUserEventTriggered(event);
    }

    /** The message of a TLS failure, from the SSLException inside whatever wraps it. */
    private static String tlsReason(Throwable cause) {
        Throwable tls = cause;
        while (tls != null && !(tls instanceof SSLException) && tls.getCause() != null) {
            tls = tls.getCause();
        }
        return String.valueOf((tls != null ? tls : cause).getMessage());
    }

    /** Whether {@code cause} is a TLS failure (the SslHandler reports it wrapped in a DecoderException). */
    private static boolean isTlsFailure(Throwable cause) {
        return cause instanceof SSLException
                || cause instanceof DecoderException && cause.getCause() instanceof SSLException;
    }

    /**
     * A socket error (the peer reset the connection) ends it without a Close. Any other exception is a bug: the
     * engine contains what the peer's input can cause, so it is logged with its stack trace.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (FatalErrors.isFatal(cause)) {
            // An OutOfMemoryError or the like: the pipeline's last handler reports it, and the router ends.
            context.fireExceptionCaught(cause);
        }
        if (isTlsFailure(cause)) {
            if (amqp != null) {   // the handshake event has given the reason when it was the handshake
                amqp.closeReason("TLS failure: " + tlsReason(cause));
            }
        } else if (cause instanceof IOException) {
            if (amqp != null && !closing) {   // once the router closes, its reason stands (a reset may follow)
                amqp.closeReason("connection lost without Close: " + cause.getMessage());
            }
        } else {
            LOG.warn("connection from {} failed; closing it", context.channel().remoteAddress(), cause);
            if (amqp != null) {
                amqp.closeReason("internal error: " + cause);
            }
        }
        context.close();
    }

    /**
     * After a read batch, an inbox drain or a tick: handle proton events, send what consumers have credit for,
     * write the frames, flush once, and close the socket once proton has finished its output.
     */
    private void afterWork() {
        if (amqp == null || !ctx.channel().isActive()) {
            return;
        }
        if (outbound == null && !inputStarted && !amqp.closedLocally()) {
            // An accepted connection says nothing before its peer's first bytes (AMQP's client speaks first), and
            // its SASL offer is decided only then, once its TLS is known: pulling output now (a TLS handshake's
            // reads end here too) would send the offer made before TLS.
            return;
        }
        amqp.processEvents();
        boolean wrote = false;
        while (true) {
            if (ctx.channel().isWritable()) {
                amqp.pumpConsumers(SEND_BATCH_BYTES);
            }
            wrote |= writeOutput();
            // Writing may have made room in proton for links that stopped for its backlog (they are ready again).
            if (!amqp.hasReadyConsumers() || !ctx.channel().isWritable()) {
                break;
            }
        }
        wrote |= runIdleTimers();
        if (wrote) {
            ctx.flush();
            watchWrites();
        }
        closeWhenDone();
        if (readPaused || holdsOversize || router.memory().overLimit()) {
            applyMemoryLimit();
        }
    }

    /**
     * Stops reading a connection whose input the router could not hold: the router holds as many message bytes
     * as it may, the connection has producer links, and nothing waits on it for a consumer's credit (reading it is
     * how those bytes would drain). A connection part-way through a message may take the memory's oversize token
     * and read on until that message is whole (a message is routed only once whole); then it lets the token go
     * and pauses. Reading resumes once the router has let go of a quarter of its limit, or, for a connection
     * holding part of a message, after {@link #OVERSIZE_RETRY_MILLIS} if the token is free then (so that a message
     * larger than what is left of the budget still completes).
     */
    private void applyMemoryLimit() {
        boolean pause = shouldPause(true);
        if (pause && !readPaused) {
            readPaused = true;
            ctx.channel().config().setAutoRead(false);
            MessageMemory memory = router.memory();
            LOG.debug("connection from {}: the router holds {} of {} message bytes; not reading until it has let go "
                    + "of some", ctx.channel().remoteAddress(), memory.held(), memory.limit());
            waitForRoom();
        } else if (!pause && readPaused) {
            readPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * @param afterRead whether this follows reading (a token holder that finished its message must pause now, not
     *                  take the token again for the next message: that would starve every other connection)
     */
    private boolean shouldPause(boolean afterRead) {
        MessageMemory memory = router.memory();
        boolean receiving = amqp.receivingMessage();
        boolean finished = false;
        if (holdsOversize && (!receiving || amqp.messagesReceived() != oversizeFrom)) {
            holdsOversize = false;
            finished = true;
            memory.releaseOversize(this);
        }
        if (holdsOversize) {
            return false;
        }
        boolean pause = memory.overLimit() && !closing && amqp.hasProducers() && !amqp.hasQueuedForConsumers();
        if (pause && receiving && !(finished && afterRead) && memory.tryTakeOversize(this)) {
            holdsOversize = true;
            oversizeFrom = amqp.messagesReceived();
            return false;
        }
        return pause;
    }

    /** Paused: try again once the memory has room, or soon if part of a message waits (see the token). */
    private void waitForRoom() {
        router.memory().whenBelowLowWater(() -> ctx.executor().execute(this::resumeReading));
        if (amqp.receivingMessage()) {
            ctx.executor().schedule(this::resumeReading, OVERSIZE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void resumeReading() {
        if (readPaused && ctx.channel().isActive() && !shouldPause(false)) {
            readPaused = false;
            ctx.channel().config().setAutoRead(true);
        } else if (readPaused && ctx.channel().isActive()) {
            waitForRoom();
        }
    }

    /**
     * Write time-out: while bytes wait in the channel, checks every {@code writeTimeoutMillis} that the socket
     * took some; a peer that took none in that time has stopped reading and is cut off, so that what the router
     * holds for it (and any multicast it slows) is let go.
     */
    private void watchWrites() {
        long timeout = router.writeTimeoutMillis();
        if (writeWatch != null || timeout == 0 || pendingWriteBytes() == 0) {
            return;
        }
        acceptedAtLastWatch = bytesQueued - pendingWriteBytes();
        writeWatch = ctx.executor().schedule(this::checkWriteProgress, timeout, TimeUnit.MILLISECONDS);
    }

    private void checkWriteProgress() {
        writeWatch = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long pending = pendingWriteBytes();
        if (pending == 0) {
            return;
        }
        long accepted = bytesQueued - pending;
        if (accepted == acceptedAtLastWatch) {
            LOG.debug("connection from {}: the peer took none of {} pending bytes for {} ms", ctx.channel()
                    .remoteAddress(), pending, router.writeTimeoutMillis());
            amqp.closeReason("write time-out: the peer took none of " + pending + " pending bytes for "
                    + router.writeTimeoutMillis() + " ms");
            closing = true;
            ctx.close();
            return;
        }
        watchWrites();
    }

    private long pendingWriteBytes() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /**
     * Takes proton's output into buffers and writes them (without a flush). Proton failing here (its state broken
     * by what the peer sent) closes the connection like bad input does: the engine gets one chance to produce a
     * Close, after which {@link AmqpConnection#pendingOutput()} reports the end and the socket closes.
     */
    private boolean writeOutput() {
        boolean wrote = false;
        int pending;
        // Only while the channel takes more: proton frames a large message as its output is taken, so holding back
        // here keeps the message in proton (charged to the message memory) rather than copied to a socket buffer.
        while (ctx.channel().isWritable() && (pending = amqp.pendingOutput()) > 0) {
            ByteBuf out = ctx.alloc().ioBuffer(pending);
            if (!amqp.takeOutput(out, pending)) {
                out.release();
                continue;
            }
            bytesQueued += pending;
            ctx.write(out, ctx.voidPromise());
            wrote = true;
        }
        amqp.afterOutput();
        return wrote;
    }

    /**
     * Closes the socket once proton has finished its output, or, after the engine failed on bad input, once
     * everything it could still write (a Close with the error, when the protocol phase has one) is out.
     */
    private void closeWhenDone() {
        if (closing) {
            return;
        }
        int pending = amqp.pendingOutput();
        if (pending < 0 || (pending == 0 && amqp.inputFailed())) {
            closeAfterFlush();
        } else if (closeGrace == null && amqp.closedLocally()) {
            // The router closed the connection (an idle time-out, a limit) but its Close is still in proton:
            // the peer is not taking bytes. It gets the grace period, then the socket is closed anyway.
            closeGrace = ctx.executor().schedule(this::closeAfterGrace, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the socket once what was written is out, or after {@link #CLOSE_GRACE_MILLIS} if it never is. */
    private void closeAfterFlush() {
        closing = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (closeGrace == null) {
            closeGrace = ctx.executor().schedule(this::closeAfterGrace, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void closeAfterGrace() {
        if (ctx.channel().isActive()) {
            amqp.closeReason(amqp.endReason() + " (the peer did not read the Close within " + CLOSE_GRACE_MILLIS
                    + " ms)");
            closing = true;
            ctx.close();
        }
    }

    /**
     * Runs proton's idle-time-out clock after the output it measures has been written, writes what the clock
     * produced at once (an empty frame for the peer, or the Close of a connection that went silent), and keeps
     * a tick scheduled for the next deadline, moving it earlier when the peer's Open brought a shorter one.
     *
     * @return whether it wrote frames that still need a flush
     */
    private boolean runIdleTimers() {
        long now = nowMillis();
        amqp.batchDone(now);
        long deadline = amqp.tick(now);
        boolean wrote = writeOutput();
        if (deadline != 0 && (tick == null || deadline - tickDeadline < 0)) {
            if (tick != null) {
                tick.cancel(false);
            }
            tickDeadline = deadline;
            tick = ctx.executor().schedule(this::onTick, Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
        }
        return wrote;
    }

    /** The description of the Close every connection gets when the router stops. */
    public static final String SHUTDOWN = "the router is shutting down";

    /**
     * Event loop only: closes the connection the AMQP way, with a Close carrying {@code amqp:connection:forced}
     * and {@code why} (the router shuts down, management deleted its listener or connector), and the socket once
     * that frame is out.
     */
    public void closeForced(String why) {
        if (amqp != null && ctx.channel().isActive() && !closing) {
            amqp.closeWithError("amqp:connection:forced", why);
            flushCloseAndEnd();
        }
    }

    /** Writes what proton has (the Close), then closes the socket once it is out. */
    private void flushCloseAndEnd() {
        amqp.processEvents();
        writeOutput();
        closeAfterFlush();
    }

    /** The event loop the connection lives on. */
    EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /** Event loop only: the connection as management shows it, or null once it has gone. */
    ConnectionSnapshot snapshotConnection() {
        if (amqp == null || !ctx.channel().isActive()) {
            return null;
        }
        return amqp.snapshot(nowMillis());
    }

    /** Event loop only: adds the connection's links as management shows them (none once it has gone). */
    /** Event loop only: see {@link ConnectionRegistry#detectStuckDeliveries()}. */
    void detectStuckDeliveries() {
        if (amqp != null && ctx.channel().isActive()) {
            amqp.detectStuckDeliveries(nowMillis());
        }
    }

    void snapshotLinks(List<LinkSnapshot> out) {
        if (amqp != null && ctx.channel().isActive()) {
            amqp.linkSnapshots(nowMillis(), out);
        }
    }

    /**
     * Event loop only: closes the connection because management asked to (see
     * {@link ConnectionRegistry#closeConnection}).
     *
     * @return false if it had gone or was already closing
     */
    boolean closeByManagement() {
        if (amqp == null || !ctx.channel().isActive() || closing || !amqp.closeByManagement()) {
            return false;
        }
        flushCloseAndEnd();
        return true;
    }

    private void closeIfNotOpened() {
        handshakeTimeout = null;
        if (ctx.channel().isActive() && !amqp.remoteOpened()) {
            amqp.closeReason("handshake time-out: no AMQP Open within " + handshakeSeconds() + " s");
            ctx.close();
        }
    }

    /** How long a peer has to send its AMQP Open: the idle time-out, or 16 s without one. */
    private int handshakeSeconds() {
        return spec.idleTimeoutSeconds() > 0 ? spec.idleTimeoutSeconds() : 16;
    }

    private void onTick() {
        tick = null;
        afterWork();
    }

    /** Cancels a scheduled task (removing it from the loop's queue); returns null for the field. */
    private static ScheduledFuture<?> cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
        return null;
    }

    /** Proton's clock: the event loop's ticker (the system's, or a test's that it advances by hand). */
    private long nowMillis() {
        long now = TimeUnit.NANOSECONDS.toMillis(ctx.executor().ticker().nanoTime());
        return now == 0 ? 1 : now;
    }
}
