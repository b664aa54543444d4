package org.jrouterd.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.engine.FatalErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where an error thrown on a Netty event loop really goes, checked on real sockets: a task's is swallowed by
 * Netty unless the loop guards it; a channel handler's goes to that handler's {@code exceptionCaught}, and reaches
 * {@link FatalErrorHandler} at the end of the pipeline only when the handlers pass it on.
 */
@Timeout(30)
class GuardedEventLoopGroupTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Errors the reaction saw (written by event loops, read by the test thread). */
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final FatalErrors fatalErrors = new FatalErrors("T", (id, where, error) -> reported.add(error));
    private final EventLoopGroup group = new GuardedEventLoopGroup(1, "test-io", NioIoHandler.newFactory(),
            fatalErrors);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void anErrorInATaskIsReportedAndTheLoopCarriesOnRunningTasks() throws InterruptedException {
        group.next().execute(() -> {
            throw new OutOfMemoryError("injected");
        });
        await().atMost(DEADLINE).until(() -> !reported.isEmpty());

        CountDownLatch later = new CountDownLatch(1);
        group.next().execute(later::countDown);
        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reported).hasSize(1);
    }

    @Test
    void anErrorInAHandlerThatPassesItOnReachesTheFatalErrorHandler() throws Exception {
        Channel server = listen(new ThrowingHandler(false));
        try {
            sendOneByte(server);
            await().atMost(DEADLINE).until(() -> !reported.isEmpty());
            assertThat(reported.get(0)).hasMessage("injected in channelRead");
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    @Test
    void anErrorAHandlerSwallowsInExceptionCaughtReachesNeitherTheLoopNorTheEndOfThePipeline() throws Exception {
        ThrowingHandler swallowing = new ThrowingHandler(true);
        Channel server = listen(swallowing);
        try {
            sendOneByte(server);
            assertThat(swallowing.caught.await(10, TimeUnit.SECONDS)).isTrue();
            // Everything the loop had to do about that error is done once a task queued after it has run.
            CountDownLatch drained = new CountDownLatch(1);
            group.next().execute(drained::countDown);
            assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reported).isEmpty();
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    @Test
    void anErrorWhileAcceptingReachesTheFatalErrorHandlerAfterTheAcceptor() {
        Channel server = listen(new ThrowingHandler(false));
        try {
            server.pipeline().fireExceptionCaught(new OutOfMemoryError("injected while accepting"));
            await().atMost(DEADLINE).until(() -> !reported.isEmpty());
            assertThat(reported.get(0)).hasMessage("injected while accepting");
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    /** Listens on loopback as {@link AmqpServer} does: {@code handler}, then the fatal error handler, last. */
    private Channel listen(ChannelInboundHandlerAdapter handler) {
        FatalErrorHandler fatal = new FatalErrorHandler(fatalErrors);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("handler", handler).addLast(FatalErrorHandler.NAME, fatal);
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).syncUninterruptibly().channel();
        server.pipeline().addLast(FatalErrorHandler.NAME, fatal);
        return server;
    }

    private static void sendOneByte(Channel server) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect((InetSocketAddress) server.localAddress(), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(1);
            out.flush();
            socket.setSoTimeout(10_000);
            socket.getInputStream().read();   // the handler closes the connection
        }
    }

    /** Throws an OutOfMemoryError on the first read; swallows it in exceptionCaught (closing) or passes it on. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class ThrowingHandler extends ChannelInboundHandlerAdapter {
        final CountDownLatch caught = new CountDownLatch(1);
        private final boolean swallow;

        ThrowingHandler(boolean swallow) {
            this.swallow = swallow;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ReferenceCountUtil.release(message);
            throw new OutOfMemoryError("injected in channelRead");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            caught.countDown();
            context.close();
            if (!swallow) {
                context.fireExceptionCaught(cause);
            }
        }
    }
}
