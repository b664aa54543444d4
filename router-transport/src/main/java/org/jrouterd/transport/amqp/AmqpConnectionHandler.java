package org.jrouterd.transport.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.engine.Transport;
import org.jrouterd.transport.server.ConnectionSettings;
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

    private final LocalRouter router;
    private final ConnectionSettings spec;
    private final OutboundOptions outbound;
    private ChannelHandlerContext ctx;
    private AmqpConnection amqp;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> handshakeTimeout;
    private long tickDeadline;
    private boolean closing;

    /** A handler for a connection accepted by a listener. */
    public AmqpConnectionHandler(LocalRouter router, ConnectionSettings spec) {
        this(router, spec, null);
    }

    /**
     * @param outbound for a connection this router opens (a connector's), its options; null for an accepted one
     */
    public AmqpConnectionHandler(LocalRouter router, ConnectionSettings spec, OutboundOptions outbound) {
        this.router = router;
        this.spec = spec;
        this.outbound = outbound;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        String remote = String.valueOf(context.channel().remoteAddress());
        amqp = new AmqpConnection(router, spec, remote, outbound);
        amqp.attachInbox(new ConnectionInbox(context.channel().eventLoop(), this::afterWork));
        LOG.debug("{} connection {} {}", outbound == null ? "accepted" : "opened", outbound == null ? "from" : "to",
                remote);
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
                amqp.input(bytes);
            }
        } finally {
            bytes.release();
        }
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

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
            handshakeTimeout = null;
        }
        if (amqp != null) {
            amqp.inputClosed();
            amqp.closed();
            if (outbound != null) {
                outbound.observer().closed(amqp.endReason());
            }
        }
        LOG.debug("connection from {} closed", context.channel().remoteAddress());
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("connection from {}: {}", context.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("connection from {} failed; closing it", context.channel().remoteAddress(), cause);
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
        amqp.processEvents();
        boolean wrote = false;
        while (true) {
            boolean more = ctx.channel().isWritable() && amqp.pumpConsumers(SEND_BATCH_BYTES);
            wrote |= writeOutput();
            if (!more || !ctx.channel().isWritable()) {
                break;
            }
        }
        wrote |= runIdleTimers();
        if (wrote) {
            ctx.flush();
        }
        closeWhenDone();
    }

    private boolean writeOutput() {
        Transport transport = amqp.transport();
        boolean wrote = false;
        int pending;
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().ioBuffer(pending);
            out.writeBytes(head.duplicate());
            transport.pop(pending);
            ctx.write(out, ctx.voidPromise());
            wrote = true;
        }
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
        int pending = amqp.transport().pending();
        if (pending < 0 || (pending == 0 && amqp.inputFailed())) {
            closing = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
        long deadline = amqp.transport().tick(now);
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

    /**
     * Event loop only: closes the connection the AMQP way for a router shutdown, with a Close carrying
     * {@code amqp:connection:forced}, and the socket once that frame is out.
     */
    public void closeForShutdown() {
        if (amqp != null && ctx.channel().isActive() && !closing) {
            amqp.closeWithError("amqp:connection:forced", "the router is shutting down");
            amqp.processEvents();
            writeOutput();
            closing = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closeIfNotOpened() {
        handshakeTimeout = null;
        if (ctx.channel().isActive() && !amqp.remoteOpened()) {
            LOG.info("connection from {} sent no AMQP Open within the handshake time-out; closing it",
                    ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    private void onTick() {
        tick = null;
        afterWork();
    }

    private static long nowMillis() {
        long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        return now == 0 ? 1 : now;
    }
}
