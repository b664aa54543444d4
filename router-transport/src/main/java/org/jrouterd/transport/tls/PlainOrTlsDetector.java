package org.jrouterd.transport.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first stage of a connection accepted by a listener with an sslProfile: it reads the first five bytes and
 * puts an {@link SslHandler} in its own place if they begin a TLS record, or takes itself out and lets the AMQP
 * handler have them if not, unless the listener requires TLS, when it refuses the connection. A peer that sends
 * fewer than five bytes within the handshake time-out is cut off. The bytes it read go on to what replaces it.
 *
 * <p>Threads: the channel's event loop only.
 */
public final class PlainOrTlsDetector extends ByteToMessageDecoder {

    /** A TLS record header is five bytes: content type, version, length. */
    private static final int RECORD_HEADER = 5;

    private final ListenerTls tls;
    private ScheduledFuture<?> silence;

    public PlainOrTlsDetector(ListenerTls tls) {
        this.tls = tls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            watchSilence(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        watchSilence(ctx);
        super.channelActive(ctx);
    }

    private void watchSilence(ChannelHandlerContext ctx) {
        if (silence == null) {
            silence = ctx.executor().schedule(() -> refuse(ctx, "no TLS handshake within "
                    + tls.handshakeTimeoutMillis() + " ms"), tls.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) {
            return;
        }
        cancelSilence();
        if (SslHandler.isEncrypted(in, false)) {
            SslHandler handler = tls.context().newHandler(ctx.alloc());
            handler.setHandshakeTimeoutMillis(tls.handshakeTimeoutMillis());
            ctx.pipeline().replace(this, ConnectionPipeline.TLS, handler);
        } else if (tls.requireSsl()) {
            in.skipBytes(in.readableBytes());
            refuse(ctx, "plain connection refused: the listener requires TLS (requireSsl)");
        } else {
            ctx.pipeline().remove(this);
        }
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        ctx.fireUserEventTriggered(new TlsRefusal(reason));
        ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelSilence();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelSilence();
        super.channelInactive(ctx);
    }

    private void cancelSilence() {
        if (silence != null) {
            silence.cancel(false);
        }
    }
}
