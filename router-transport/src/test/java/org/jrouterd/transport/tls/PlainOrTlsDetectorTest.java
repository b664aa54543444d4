package org.jrouterd.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a listener with an sslProfile does with a connection's first bytes, on an {@link EmbeddedChannel}. */
class PlainOrTlsDetectorTest {

    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    @TempDir
    static Path folder;
    static TlsProfile profile;
    static SslContext context;

    @BeforeAll
    static void generate() throws TlsSetupException {
        TestCertificates certs = TestCertificates.create(folder);
        profile = certs.profile("server", certs.server());
        context = TlsContexts.server(profile, ClientAuth.NONE);
    }

    /** Stands where the AMQP handler stands: keeps the bytes and events that reach it. */
    private static final class NextHandler extends ChannelInboundHandlerAdapter {
        final List<byte[]> reads = new ArrayList<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            byte[] copy = new byte[bytes.readableBytes()];
            bytes.readBytes(copy);
            bytes.release();
            reads.add(copy);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
        }

        byte[] all() {
            int size = reads.stream().mapToInt(read -> read.length).sum();
            byte[] out = new byte[size];
            int at = 0;
            for (byte[] read : reads) {
                System.arraycopy(read, 0, out, at, read.length);
                at += read.length;
            }
            return out;
        }
    }

    private static ListenerTls tls(boolean requireSsl) {
        return new ListenerTls(profile, TlsContextSource.fixed("server", context), requireSsl, ClientAuth.NONE, 500, org.jrouterd.transport.sasl.external.UidNameMapping.NONE);
    }

    @Test
    void plainBytesGoOnToAmqpUnchangedWhenTlsIsOptionalEvenInPieces() {
        NextHandler next = new NextHandler();
        EmbeddedChannel channel = new EmbeddedChannel(new PlainOrTlsDetector(tls(false)), next);
        channel.writeInbound(Unpooled.wrappedBuffer(AMQP_HEADER, 0, 3));
        assertThat(next.reads).as("undecided before five bytes").isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(AMQP_HEADER, 3, 5));

        assertThat(next.all()).isEqualTo(AMQP_HEADER);
        assertThat(channel.pipeline().get(PlainOrTlsDetector.class)).isNull();
        assertThat(channel.pipeline().get(SslHandler.class)).isNull();
        assertThat(channel.isActive()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void plainBytesAreRefusedWhenTlsIsRequired() {
        NextHandler next = new NextHandler();
        EmbeddedChannel channel = new EmbeddedChannel(new PlainOrTlsDetector(tls(true)), next);
        channel.writeInbound(Unpooled.wrappedBuffer(AMQP_HEADER));

        assertThat(next.reads).isEmpty();
        assertThat(next.events).containsExactly(
                new TlsRefusal("plain connection refused: the listener requires TLS (requireSsl)"));
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aTlsRecordPutsAnSslHandlerInTheDetectorsPlace() {
        NextHandler next = new NextHandler();
        EmbeddedChannel channel = new EmbeddedChannel(new PlainOrTlsDetector(tls(true)), next);
        // A handshake record header: type 22, TLS 1.0 record version, a length.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40}));

        assertThat(channel.pipeline().get(PlainOrTlsDetector.class)).isNull();
        assertThat(channel.pipeline().get(ConnectionPipeline.TLS)).isInstanceOf(SslHandler.class);
        assertThat(next.reads).as("nothing decrypted yet").isEmpty();
        assertThat(channel.isOpen()).isTrue();
        channel.close();
        channel.finishAndReleaseAll();
    }

    @Test
    void aPeerThatSendsTooLittleIsCutOffAfterTheHandshakeTimeOut() {
        NextHandler next = new NextHandler();
        EmbeddedChannel channel = new EmbeddedChannel(new PlainOrTlsDetector(tls(false)), next);
        channel.freezeTime();
        channel.writeInbound(Unpooled.wrappedBuffer("AM".getBytes(StandardCharsets.US_ASCII)));
        channel.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();

        channel.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(next.events).containsExactly(new TlsRefusal("no TLS handshake within 500 ms"));
        channel.finishAndReleaseAll();
    }
}
