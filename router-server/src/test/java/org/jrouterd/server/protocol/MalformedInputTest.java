package org.jrouterd.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jrouterd.server.protocol.RawAmqpSocket.AMQP_FRAME;
import static org.jrouterd.server.protocol.RawAmqpSocket.AMQP_HEADER;
import static org.jrouterd.server.protocol.RawAmqpSocket.SASL_FRAME;
import static org.jrouterd.server.protocol.RawAmqpSocket.SASL_HEADER;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.security.SaslMechanisms;
import org.apache.qpid.proton.amqp.security.SaslOutcome;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.jrouterd.server.Router;
import org.jrouterd.transport.server.ListenerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input closes only the connection it arrives on (DESIGN.md, "Bad input and faults"). Where AMQP has a frame
 * for it, the router says why with a Close carrying an error: {@code amqp:decode-error} for a frame body that does
 * not decode, {@code amqp:connection:framing-error} for a frame that breaks the framing (too large). Before a
 * protocol header has been agreed it answers with a header of its own and closes the socket; in the SASL phase it
 * just closes. Every test proves that a connection opened earlier still carries messages afterwards.
 */
@Timeout(60)
class MalformedInputTest {

    private static final int MAX_FRAME_SIZE = 512;
    private static final List<String> FRAME_ERRORS = List.of("amqp:decode-error", "amqp:connection:framing-error");

    private Router router;
    private LoopbackConnection healthy;

    @BeforeEach
    void startRouterWithAHealthyConnection() {
        router = Router.builder().id("Router.Malformed").ioThreads(2)
                .listener(ListenerSpec.defaults(PeerScripts.HOST, 0).withMaxFrameSize(MAX_FRAME_SIZE))
                .start();
        healthy = LoopbackConnection.open(router.port(), "malformed.healthy");
        healthy.sendAndReceive();
    }

    @AfterEach
    void stopRouter() {
        healthy.close();
        router.close();
    }

    static Stream<Arguments> inputThatIsNotAmqp() {
        return Stream.of(
                arguments("garbage bytes", RawAmqpSocket.ascii("GET / HTTP/1.1\r\nHost: router\r\n\r\n")),
                arguments("an AMQP header of an unsupported version", new byte[] {'A', 'M', 'Q', 'P', 0, 2, 0, 0}),
                arguments("a TLS header on a listener without TLS", new byte[] {'A', 'M', 'Q', 'P', 2, 1, 0, 0}),
                arguments("an unknown protocol id", new byte[] {'A', 'M', 'Q', 'P', 9, 1, 0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputThatIsNotAmqp")
    void answersInputThatIsNotAmqpWithItsOwnHeaderAndClosesOnlyThatConnection(String what, byte[] input)
            throws IOException {
        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(router.port(), input);

        assertThat(RawAmqpSocket.header(reply)).as("protocol header answering %s", what)
                .isEqualTo(AMQP_HEADER);
        // AMQP only asks for a header and a closed socket here. Proton-based servers also send an Open and a Close
        // naming the error before they close; if frames follow the header, they must be exactly that.
        List<Object> frames = RawAmqpSocket.framesAfterHeader(reply);
        if (!frames.isEmpty()) {
            assertThat(frames).as("frames after the header").hasSize(2);
            assertThat(frames.get(0)).isInstanceOf(Open.class);
            assertCloseNamesAFrameError(frames.get(1));
        }
        healthy.sendAndReceive();
    }

    @Test
    void closesOnlyTheConnectionThatSendsAMalformedSaslFrame() throws IOException {
        byte[] saslInitWithBadField = {0x00, 0x53, 0x41, (byte) 0xFF};
        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(router.port(),
                RawAmqpSocket.concat(SASL_HEADER, RawAmqpSocket.frame(SASL_FRAME, 0, saslInitWithBadField)));

        assertThat(RawAmqpSocket.header(reply)).isEqualTo(SASL_HEADER);
        // SASL has no frame to report a decode error: the mechanisms (sent before the bad frame was read) may be
        // followed by a failed outcome, never by a success, and then the socket closes.
        List<Object> frames = RawAmqpSocket.framesAfterHeader(reply);
        assertThat(frames).isNotEmpty();
        assertThat(frames.get(0)).isInstanceOf(SaslMechanisms.class);
        assertThat(frames.subList(1, frames.size())).allSatisfy(frame ->
                assertThat(frame).isInstanceOfSatisfying(SaslOutcome.class,
                        outcome -> assertThat(outcome.getCode().ordinal()).isNotZero()));
        healthy.sendAndReceive();
    }

    static Stream<Arguments> frameBodiesThatDoNotDecode() {
        return Stream.of(
                arguments("an invalid type code after the open descriptor", bytes(0x00, 0x53, 0x10, 0xFF)),
                arguments("an unknown performative descriptor", bytes(0x00, 0x53, 0x7F, 0x45)),
                arguments("a performative list longer than its frame", bytes(0x00, 0x53, 0x12, 0xC0, 0x40, 0x05)),
                arguments("a string where a performative belongs", bytes(0xA1, 0x03, 'a', 'b', 'c')));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameBodiesThatDoNotDecode")
    void closesOnlyTheConnectionThatSendsAFrameThatDoesNotDecode(String what, byte[] body) throws IOException {
        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(router.port(), RawAmqpSocket.concat(
                AMQP_HEADER, RawAmqpSocket.amqpFrame(0, open("undecodable-peer")),
                RawAmqpSocket.frame(AMQP_FRAME, 0, body)));

        assertThat(RawAmqpSocket.header(reply)).isEqualTo(AMQP_HEADER);
        List<Object> frames = RawAmqpSocket.framesAfterHeader(reply);
        assertThat(frames).as("frames answering %s", what).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(Open.class);
        assertThat(frames.get(1)).isInstanceOfSatisfying(Close.class, close -> {
            assertThat(close.getError()).as("error condition of the Close").isNotNull();
            assertThat(close.getError().getCondition().toString()).isEqualTo("amqp:decode-error");
        });
        healthy.sendAndReceive();
    }

    @Test
    void closesOnlyTheConnectionThatSendsAFrameLargerThanTheNegotiatedMaxFrameSize() throws IOException {
        Begin begin = begin();
        Attach attach = senderAttach("oversize-sender");
        byte[] oversized = RawAmqpSocket.amqpFrame(0, transfer(), toNowhere(),
                new Data(new Binary(new byte[MAX_FRAME_SIZE])));
        assertThat(oversized.length).isGreaterThan(MAX_FRAME_SIZE);

        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(router.port(), RawAmqpSocket.concat(AMQP_HEADER,
                RawAmqpSocket.amqpFrame(0, open("oversize-peer")), RawAmqpSocket.amqpFrame(0, begin),
                RawAmqpSocket.amqpFrame(0, attach), oversized));

        assertThat(RawAmqpSocket.header(reply)).isEqualTo(AMQP_HEADER);
        List<Object> frames = RawAmqpSocket.framesAfterHeader(reply);
        assertThat(frames).first().isInstanceOfSatisfying(Open.class,
                routerOpen -> assertThat(routerOpen.getMaxFrameSize().intValue()).isEqualTo(MAX_FRAME_SIZE));
        assertThat(frames).last().isInstanceOfSatisfying(Close.class, close -> {
            assertThat(close.getError()).isNotNull();
            assertThat(close.getError().getCondition().toString()).isEqualTo("amqp:connection:framing-error");
        });
        healthy.sendAndReceive();
    }

    @Test
    void closesWithAnErrorOnlyTheConnectionOfASenderThatNeverStatedItsInitialDeliveryCount() throws IOException {
        Attach attach = senderAttach("countless-sender");
        attach.setInitialDeliveryCount(null);   // mandatory for a sender; proton-j fails on the first transfer
        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(router.port(), RawAmqpSocket.concat(AMQP_HEADER,
                RawAmqpSocket.amqpFrame(0, open("countless-peer")), RawAmqpSocket.amqpFrame(0, begin()),
                RawAmqpSocket.amqpFrame(0, attach), RawAmqpSocket.amqpFrame(0, transfer(), toNowhere(),
                        new Data(new Binary(new byte[] {1, 2, 3})))));

        assertThat(RawAmqpSocket.header(reply)).isEqualTo(AMQP_HEADER);
        List<Object> frames = RawAmqpSocket.framesAfterHeader(reply);
        assertThat(frames).isNotEmpty();
        assertCloseNamesAFrameError(frames.get(frames.size() - 1));
        healthy.sendAndReceive();
    }

    private static Open open(String containerId) {
        Open open = new Open();
        open.setContainerId(containerId);
        return open;
    }

    private static Begin begin() {
        Begin begin = new Begin();
        begin.setNextOutgoingId(UnsignedInteger.ZERO);
        begin.setIncomingWindow(UnsignedInteger.valueOf(Integer.MAX_VALUE));
        begin.setOutgoingWindow(UnsignedInteger.valueOf(Integer.MAX_VALUE));
        return begin;
    }

    /** An anonymous-relay sender on handle 0: the router gives it credit at once. */
    private static Attach senderAttach(String name) {
        Attach attach = new Attach();
        attach.setName(name);
        attach.setHandle(UnsignedInteger.ZERO);
        attach.setRole(Role.SENDER);
        attach.setInitialDeliveryCount(UnsignedInteger.ZERO);
        attach.setSource(new Source());
        attach.setTarget(new Target());
        return attach;
    }

    private static Transfer transfer() {
        Transfer transfer = new Transfer();
        transfer.setHandle(UnsignedInteger.ZERO);
        transfer.setDeliveryId(UnsignedInteger.ZERO);
        transfer.setDeliveryTag(new Binary(new byte[] {0}));
        transfer.setMessageFormat(UnsignedInteger.ZERO);
        return transfer;
    }

    /** A properties section addressed where nothing listens: a message that got through would be released. */
    private static Properties toNowhere() {
        Properties properties = new Properties();
        properties.setTo("malformed.nowhere");
        return properties;
    }

    private static void assertCloseNamesAFrameError(Object frame) {
        assertThat(frame).isInstanceOfSatisfying(Close.class, close -> {
            assertThat(close.getError()).as("error condition of the Close").isNotNull();
            assertThat(close.getError().getCondition().toString()).isIn(FRAME_ERRORS);
        });
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
