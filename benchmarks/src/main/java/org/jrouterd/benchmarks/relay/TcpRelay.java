package org.jrouterd.benchmarks.relay;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.jrouterd.benchmarks.load.BenchOptions.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floor for any process in the middle: a Netty TCP relay that copies bytes between each accepted connection and
 * a new connection to the target, without parsing AMQP. It does what a router's I/O must do at least (read, write,
 * one flush per read batch, back-pressure by writability) and nothing else, so {@code sender -> relay -> receiver}
 * shows what the socket work alone costs. The outbound connection is made on the inbound channel's event loop.
 */
@Command(name = "jrouterd-bench relay", mixinStandardHelpOptions = true,
        description = "Plain TCP relay (no AMQP parsing): the baseline for a process in the middle.")
public final class TcpRelay implements Callable<Integer> {

    @Option(names = "--listen", description = "host:port to listen on (port 0 = any) [${DEFAULT-VALUE}]")
    String listen = "127.0.0.1:0";

    @Option(names = "--target", required = true, description = "host:port to relay each connection to")
    String target;

    @Option(names = "--io-threads", description = "event loops [${DEFAULT-VALUE}]")
    int ioThreads = 1;

    /** Entry point: runs until SIGTERM or SIGINT. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TcpRelay()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HostPort from = HostPort.parse(listen);
        HostPort to = HostPort.parse(target);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads, io);
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        Class<? extends SocketChannel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        InetSocketAddress targetAddress = new InetSocketAddress(to.host(), to.port());
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(serverType)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Frontend(targetAddress, clientType));
                        }
                    })
                    .bind(from.host(), from.port()).sync().channel();
            InetSocketAddress bound = (InetSocketAddress) server.localAddress();
            System.err.println("relay: Listening on " + from.host() + ":" + bound.getPort() + " -> " + to
                    + " (" + (epoll ? "epoll" : "nio") + ", " + ioThreads + " event loops)");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> group.shutdownGracefully(0, 1,
                    java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly()));
            server.closeFuture().sync();
            return 0;
        } finally {
            group.shutdownGracefully();
        }
    }

    /** The accepted side: connects the backend on its own event loop, then copies bytes both ways. */
    private static final class Frontend extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress target;
        private final Class<? extends SocketChannel> clientType;

        Frontend(InetSocketAddress target, Class<? extends SocketChannel> clientType) {
            this.target = target;
            this.clientType = clientType;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel inbound = ctx.channel();
            ChannelFuture connect = new Bootstrap()
                    .group(inbound.eventLoop())
                    .channel(clientType)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new Copy(inbound))
                    .connect(target);
            connect.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    Channel outbound = f.channel();
                    inbound.pipeline().replace(this, "copy", new Copy(outbound));
                    inbound.read();
                    outbound.read();
                } else {
                    inbound.close();
                }
            });
        }
    }

    /** Copies what one channel reads into its peer; one flush per read batch; pauses reading while the peer is full. */
    private static final class Copy extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Copy(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.write(msg, peer.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            if (peer.isWritable()) {
                ctx.channel().read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // This channel drained: its peer, paused because this one was full, may read again.
            if (ctx.channel().isWritable()) {
                peer.read();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer.isActive()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
