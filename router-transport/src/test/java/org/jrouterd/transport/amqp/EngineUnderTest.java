package org.jrouterd.transport.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.MessageMemory;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.transport.sasl.SaslMechanisms;
import org.jrouterd.transport.server.ListenerSpec;

/**
 * One accepted AMQP connection, whole, without a socket: an {@link AmqpConnectionHandler} in Netty's
 * {@link EmbeddedChannel} with time frozen (the test moves it), and a router core whose thread the test plays.
 * Every buffer fed in must be released by the handler; every buffer written out is copied and released here.
 *
 * <p>Threads: the test thread only (it is the channel's event loop and the core thread at once).
 */
final class EngineUnderTest implements AutoCloseable {

    /** Rounds of core work and loop tasks after which a connection that keeps scheduling work is busy-looping. */
    private static final int MAX_SETTLE_ROUNDS = 1_000;

    private final ListenerSpec spec;
    private final CoreProxy core;
    private final EmbeddedChannel channel;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ConnectionRegistry registry;

    EngineUnderTest(ListenerSpec spec) {
        this(spec, new ConnectionRegistry());
    }

    /** A connection listed in {@code registry} while it is live. */
    EngineUnderTest(ListenerSpec spec, ConnectionRegistry registry) {
        this.spec = spec;
        this.registry = registry;
        AddressConfigTable addresses = new AddressConfigTable(Distribution.BALANCED);
        ForwardingTable forwarding = new ForwardingTable();
        RouterCore routerCore = new RouterCore(forwarding, addresses::distributionFor);
        core = new CoreProxy(routerCore);
        LocalRouter router = new LocalRouter("Router.Fuzz", core, forwarding, addresses, SaslMechanisms.builtIn(),
                new MessageMemory(64L * 1024 * 1024), LocalRouter.DEFAULT_WRITE_TIMEOUT_MILLIS);
        channel = EmbeddedChannel.builder().handlers(new AmqpConnectionHandler(router, spec, registry)).build();
        channel.freezeTime();
        settle();
    }

    /** A connection from a listener with qdrouterd's defaults. */
    static EngineUnderTest withDefaults() {
        return new EngineUnderTest(ListenerSpec.defaults("127.0.0.1", 0));
    }

    ListenerSpec spec() {
        return spec;
    }

    ConnectionRegistry registry() {
        return registry;
    }

    /** Runs the loop tasks a registry read posted (this thread is the loop), then takes its result. */
    <T> T await(java.util.concurrent.CompletableFuture<T> result) {
        settle();
        if (!result.isDone()) {
            throw new AssertionError("the loop did not complete the read");
        }
        return result.join();
    }

    /**
     * Delivers {@code bytes} as one read, then runs everything it caused (core actions, loop tasks, the handler's
     * output). The handler must have released the buffer.
     *
     * @throws AssertionError if the buffer was not released, or the connection never stops scheduling work
     * @throws RuntimeException whatever escaped to Netty (checked by the embedded channel)
     */
    void feed(byte[] bytes) {
        // Not pooled: a released pooled buffer may be recycled by another thread at once, so its count proves nothing.
        ByteBuf in = Unpooled.buffer(bytes.length);
        in.writeBytes(bytes);
        try {
            channel.writeInbound(in);
        } finally {
            if (in.refCnt() != 0) {
                int left = in.refCnt();
                in.release(left);
                throw new AssertionError("the handler did not release an input buffer (refCnt " + left + ")");
            }
        }
        settle();
    }

    /** Feeds each chunk as its own read, while the connection is open. */
    void feedAll(List<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            if (!channel.isOpen()) {
                return;
            }
            feed(chunk);
        }
    }

    /** Moves the loop's clock (the handler's timers and proton's idle clock) and runs what fell due. */
    void advance(long amount, TimeUnit unit) {
        channel.advanceTimeBy(amount, unit);
        settle();
    }

    /** The peer closed its socket: the channel goes inactive, as it does when a read returns end of stream. */
    void peerClosed() {
        channel.close();
        settle();
    }

    /** The socket failed under the connection (the peer reset it): Netty reports the error, then closes it. */
    void peerReset() {
        channel.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
        settle();
    }

    /**
     * An error thrown while the connection handled an event reaches its {@code exceptionCaught}.
     *
     * @return what passed the handler and reached the end of the pipeline, or null
     */
    Throwable errorInHandler(Throwable error) {
        channel.pipeline().fireExceptionCaught(error);
        try {
            channel.checkException();
            return null;
        } catch (Throwable escaped) {
            return escaped;
        }
    }

    /** Runs core actions and loop tasks until neither has work left, collecting (and releasing) the output. */
    void settle() {
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            int actions = core.doWork();
            channel.runPendingTasks();
            drainOutbound();
            channel.checkException();
            if (actions == 0 && !channel.hasPendingTasks()) {
                return;
            }
        }
        throw new AssertionError("the connection kept scheduling work for " + MAX_SETTLE_ROUNDS + " rounds");
    }

    private void drainOutbound() {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ByteBuf bytes = (ByteBuf) out;
            boolean freed;
            try {
                bytes.getBytes(bytes.readerIndex(), written, bytes.readableBytes());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                freed = bytes.release();
            }
            if (!freed && bytes != Unpooled.EMPTY_BUFFER) {   // the shared empty buffer is never freed
                throw new AssertionError("a written buffer is still referenced after its reader released it");
            }
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Everything the router wrote so far. */
    byte[] written() {
        return written.toByteArray();
    }

    /** Everything the router wrote so far, decoded. */
    List<Object> frames() {
        return AmqpWire.decode(written());
    }

    @Override
    public void close() {
        if (channel.isOpen()) {
            channel.close();
        }
        settle();
        channel.finishAndReleaseAll();
    }
}
