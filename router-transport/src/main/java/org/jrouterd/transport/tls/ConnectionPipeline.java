package org.jrouterd.transport.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandler;

/**
 * The one pipeline set-up of AMQP connections, accepted by a listener or opened by a connector alike: the socket
 * options, then TLS (a {@link PlainOrTlsDetector} for a listener with an sslProfile, an {@link SslHandler} for a
 * connector with one), the AMQP handler, and the router's last handler (its fatal error handler). Stateless.
 */
public final class ConnectionPipeline {

    /** The name of the TLS stage (the detector, then the SslHandler that replaces it). */
    public static final String TLS = "tls";
    /** The name of the AMQP handler. */
    public static final String AMQP = "amqp";
    /** The channel stops being writable above 1 MiB of pending output and becomes writable again below 256 KiB. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private ConnectionPipeline() {
    }

    /** A listener's bootstrap: its socket options and those of the connections it accepts. */
    public static ServerBootstrap configure(ServerBootstrap bootstrap) {
        return bootstrap.option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    /** A connector's bootstrap: the socket options of the connection it opens. */
    public static Bootstrap configure(Bootstrap bootstrap) {
        return bootstrap.option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    /**
     * The pipeline of a connection a listener accepted.
     *
     * @param tls  the listener's TLS, or null for a plain listener
     * @param amqp the connection's AMQP handler
     * @param last the router's last handler (sharable)
     */
    public static void accepted(Channel channel, ListenerTls tls, ChannelHandler amqp, ChannelHandler last) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast(TLS, new PlainOrTlsDetector(tls));
        }
        pipeline.addLast(AMQP, amqp).addLast(last);
    }

    /**
     * The pipeline of a connection a connector opens to {@code host:port}.
     *
     * @param tls  the connector's TLS, or null for a plain connector
     * @param amqp the connection's AMQP handler
     * @param last the router's last handler (sharable)
     */
    public static void dialled(Channel channel, ConnectorTls tls, String host, int port, ChannelHandler amqp,
                               ChannelHandler last) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast(TLS, clientHandler(channel, tls, host, port));
        }
        pipeline.addLast(AMQP, amqp).addLast(last);
    }

    /**
     * A client-side SslHandler for {@code host}: the engine knows the peer's host, which the JDK sends as SNI when it
     * is a name (never an IP literal) and checks against the certificate's names when {@code verifyHostname}.
     */
    static SslHandler clientHandler(Channel channel, ConnectorTls tls, String host, int port) {
        SslHandler handler = tls.context().newHandler(channel.alloc(), host, port);
        handler.setHandshakeTimeoutMillis(tls.handshakeTimeoutMillis());
        return handler;
    }
}
