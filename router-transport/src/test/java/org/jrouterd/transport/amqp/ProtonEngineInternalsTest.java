package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.impl.TransportImpl;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.transport.sasl.SaslMechanisms;
import org.jrouterd.transport.sasl.SaslServerExchange;
import org.junit.jupiter.api.Test;

/**
 * {@link ProtonEngineInternals} and {@link QuietConnectionLayer} against the proton-j on the class path (0.34.x):
 * every private field they use is there, an accepted connection loses its SASL layer once the exchange is over
 * (or skipped), its idle buffers are freed, and the engine still carries a message and a Close afterwards.
 * If this fails after a proton-j upgrade, {@link ProtonEngineInternals} needs updating.
 */
class ProtonEngineInternalsTest {

    @Test
    void everyProtonFieldUsedIsThere() {
        assertThat(ProtonEngineInternals.mismatches())
                .as("proton-j %s: fields ProtonEngineInternals expects", Proton.class.getPackage()
                        .getImplementationVersion())
                .isEmpty();
    }

    @Test
    void saslLayerIsDroppedAndIdleBuffersFreedAndTheEngineStillWorks() {
        Pair pair = new Pair(false);
        pair.pump();
        assertThat(pair.server.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(pair.client.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(ProtonEngineInternals.hasSasl(pair.serverTransport)).as("SASL layer after the exchange").isFalse();

        pair.nanos += 2 * QuietConnectionLayer.SPARSE_NANOS;   // quiet; then one frame comes in (a Begin)
        pair.client.session().open();
        pair.pump();
        assertThat(pair.layer.holdsInputBuffer()).as("input buffer after a read following a quiet spell").isFalse();
        assertThat(pair.layer.holdsOutputBuffer()).as("output buffer with nothing written for a while").isFalse();
        pair.carriesAMessageAndACloseAfterwards();
    }

    @Test
    void aClientThatSkipsSaslLosesTheSniffingLayerToo() {
        Pair pair = new Pair(true);
        pair.pump();
        assertThat(pair.server.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(ProtonEngineInternals.hasSasl(pair.serverTransport)).isFalse();
        pair.carriesAMessageAndACloseAfterwards();
    }

    /** A proton-j client and a server transport set up as an accepted connection's, pumped by hand. */
    private static final class Pair {
        final TransportImpl serverTransport = (TransportImpl) Transport.Factory.create();
        final Transport clientTransport = Transport.Factory.create();
        final Connection server = Connection.Factory.create();
        final Connection client = Connection.Factory.create();
        final QuietConnectionLayer layer;
        long nanos = 1;

        Pair(boolean clientSkipsSasl) {
            serverTransport.setMaxFrameSize(16 * 1024);
            layer = QuietConnectionLayer.install(serverTransport, true, () -> nanos);
            SaslServerExchange.install(serverTransport, SaslMechanisms.builtIn(), List.of("ANONYMOUS"), true);
            serverTransport.bind(server);
            if (!clientSkipsSasl) {
                Sasl sasl = clientTransport.sasl();
                sasl.client();
                sasl.setMechanisms("ANONYMOUS");
            }
            clientTransport.bind(client);
            client.setContainer("client");
            client.open();
            server.setContainer("server");
            server.open();
        }

        void pump() {
            for (int round = 0; round < 50; round++) {
                int moved = move(clientTransport, serverTransport) + move(serverTransport, clientTransport);
                if (moved == 0) {
                    return;
                }
            }
            throw new AssertionError("the engines kept talking");
        }

        private static int move(Transport from, Transport to) {
            int total = 0;
            int pending;
            while ((pending = from.pending()) > 0) {
                ByteBuffer head = from.head();
                ByteBuffer tail = to.tail();
                int n = Math.min(pending, tail.remaining());
                ByteBuffer slice = head.duplicate();
                slice.limit(slice.position() + n);
                tail.put(slice);
                from.pop(n);
                to.process();
                total += n;
            }
            return total;
        }

        void carriesAMessageAndACloseAfterwards() {
            Session clientSession = client.session();
            clientSession.open();
            Sender sender = clientSession.sender("s");
            sender.open();
            pump();
            Session serverSession;
            while ((serverSession = server.sessionHead(EnumSet.of(EndpointState.UNINITIALIZED), null)) != null) {
                serverSession.open();
            }
            Receiver receiver = (Receiver) server.linkHead(EnumSet.of(EndpointState.UNINITIALIZED), null);
            receiver.setTarget(receiver.getRemoteTarget());
            receiver.setSource(receiver.getRemoteSource());
            receiver.open();
            receiver.flow(1);
            pump();
            Message message = Proton.message();
            message.setBody(new Data(new Binary(new byte[100])));
            byte[] encoded = new byte[1024];
            int size = message.encode(encoded, 0, encoded.length);
            Delivery sent = sender.delivery(new byte[] {1});
            sender.send(encoded, 0, size);
            sender.advance();
            pump();
            Delivery received = receiver.current();
            assertThat(received).as("the message after the buffers were freed").isNotNull();
            assertThat(received.isPartial()).isFalse();
            assertThat(received.pending()).isEqualTo(size);
            assertThat(sent).isNotNull();
            client.close();
            pump();
            server.close();
            pump();
            assertThat(client.getRemoteState()).isEqualTo(EndpointState.CLOSED);
            assertThat(server.getRemoteState()).isEqualTo(EndpointState.CLOSED);
        }
    }
}
