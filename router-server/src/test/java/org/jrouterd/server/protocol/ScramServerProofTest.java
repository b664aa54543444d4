package org.jrouterd.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.security.SaslChallenge;
import org.apache.qpid.proton.amqp.security.SaslCode;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.security.SaslMechanisms;
import org.apache.qpid.proton.amqp.security.SaslOutcome;
import org.apache.qpid.proton.amqp.security.SaslResponse;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.jrouterd.server.Router;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connector using SCRAM checks the server's signature: a peer that answers "ok" without knowing the user's keys
 * (here a scripted impostor that sends a random signature) is refused, and the connector says why.
 */
@Timeout(60)
class ScramServerProofTest {

    private static byte[] readFrameBody(DataInputStream in) throws IOException {
        int size = in.readInt();
        int dataOffset = (in.readUnsignedByte()) * 4;
        in.readUnsignedByte();   // type
        in.readUnsignedShort();  // channel
        in.skipBytes(dataOffset - 8);
        byte[] body = new byte[size - dataOffset];
        in.readFully(body);
        return body;
    }

    private static Object decode(byte[] body) {
        DecoderImpl decoder = new DecoderImpl();
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
        decoder.setByteBuffer(ByteBuffer.wrap(body));
        return decoder.readObject();
    }

    /** Plays a SCRAM-SHA-256 server that does not know the password; returns what the client sent after "ok". */
    private static byte[] impostor(ServerSocket server) throws IOException {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(20_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] header = new byte[8];
            in.readFully(header);
            SaslMechanisms mechanisms = new SaslMechanisms();
            mechanisms.setSaslServerMechanisms(Symbol.valueOf("SCRAM-SHA-256"));
            out.write(RawAmqpSocket.concat(RawAmqpSocket.SASL_HEADER, RawAmqpSocket.saslFrame(mechanisms)));
            SaslInit init = (SaslInit) decode(readFrameBody(in));
            String clientFirst = new String(init.getInitialResponse().getArray(), StandardCharsets.UTF_8);
            String nonce = clientFirst.substring(clientFirst.indexOf(",r=") + 3);
            SaslChallenge challenge = new SaslChallenge();
            challenge.setChallenge(new Binary(("r=" + nonce + "impostor,s=" + Base64.getEncoder().encodeToString(
                    "salty-salt".getBytes(StandardCharsets.UTF_8)) + ",i=4096").getBytes(StandardCharsets.UTF_8)));
            out.write(RawAmqpSocket.saslFrame(challenge));
            assertThat(decode(readFrameBody(in))).isInstanceOf(SaslResponse.class);
            SaslOutcome outcome = new SaslOutcome();
            outcome.setCode(SaslCode.OK);
            outcome.setAdditionalData(new Binary(("v=" + Base64.getEncoder().encodeToString(new byte[32]))
                    .getBytes(StandardCharsets.UTF_8)));
            out.write(RawAmqpSocket.saslFrame(outcome));
            out.flush();
            java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {   // until the connector closes the socket
                rest.write(buffer, 0, n);
            }
            return rest.toByteArray();
        }
    }

    @Test
    void aServerThatCannotProveItKnowsTheUserIsRefused() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> afterOutcome = CompletableFuture.supplyAsync(() -> {
                try {
                    return impostor(server);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ConnectorSpec spec = ConnectorSpec.defaults("toImpostor", "127.0.0.1", server.getLocalPort())
                    .withRetry(5_000, 10_000).withSasl(List.of("SCRAM-SHA-256"), "alice", "s3cret");
            try (Router router = Router.builder().id("Router.Checks").ioThreads(1).connector(spec).start()) {
                AmqpConnector connector = router.connectors().get(0);
                byte[] sent = afterOutcome.get(30, TimeUnit.SECONDS);
                // Proton may have queued its AMQP header and Open before the outcome was checked; the Open must
                // not go out to a server that failed the proof.
                List<Object> frames = sent.length <= 8 ? List.of() : RawAmqpSocket.framesAfterHeader(sent);
                assertThat(frames).as("frames sent after the unproven outcome")
                        .noneMatch(frame -> frame instanceof org.apache.qpid.proton.amqp.transport.Open);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(connector.statusMessage()).contains("did not prove"));
                assertThat(connector.status()).isNotEqualTo(AmqpConnector.Status.SUCCESS);
            }
        }
    }
}
