package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.jrouterd.transport.server.ListenerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each protocol violation the fuzzer found closes that connection the AMQP way: an Open (if none was sent yet),
 * then a Close naming the error, then the socket; nothing escapes to Netty. And a peer that stops part-way
 * through a frame is closed by the idle time-out, not held for ever.
 */
@Timeout(30)
class ProtocolViolationTest {

    @Test
    void closesAConnectionThatAttachesTwiceOnOneHandleWithHandleInUse() {
        assertClosedWith(PeerSessions.secondAttachOnTheSameHandle(), "amqp:session:handle-in-use");
    }

    @Test
    void closesAConnectionThatInterleavesTheTransfersOfTwoDeliveriesWithNotAllowed() {
        assertClosedWith(PeerSessions.reorderedTransfers(), "amqp:not-allowed");
    }

    @Test
    void closesAConnectionThatDetachesOnAChannelWithNoSessionWithNotAllowed() {
        assertClosedWith(PeerSessions.detachBeforeBegin(), "amqp:not-allowed");
    }

    @Test
    void closesAConnectionThatDetachesALinkOfASessionItEndedWithNotAllowed() {
        assertClosedWith(PeerSessions.detachAfterItsSessionEnded(), "amqp:not-allowed");
    }

    @Test
    void closesAConnectionThatTransfersOnAHandleNotAttachedWithUnattachedHandle() {
        List<byte[]> input = new java.util.ArrayList<>(PeerSessions.openAndBegin("fuzz-unattached"));
        input.add(AmqpWire.amqpFrame(0, PeerSessions.transfer(7, 0, true, false), PeerSessions.properties("x")));
        assertClosedWith(input, "amqp:session:unattached-handle");
    }

    @Test
    void carriesOnAfterHeartbeatsBeforeAndAfterTheFirstSession() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            byte[] heartbeat = AmqpWire.frame(0, 0, new byte[0]);   // an empty frame on channel 0
            List<byte[]> input = new java.util.ArrayList<>(PeerSessions.openAndBegin("heartbeats"));
            input.add(2, heartbeat);   // after the Open, before the Begin
            input.add(heartbeat);
            engine.feedAll(input);
            assertThat(engine.isOpen()).as("open after %s", engine.frames()).isTrue();
            assertThat(AmqpWire.close(engine.frames())).isNull();
        }
    }

    @Test
    void carriesOnWhenAProducerSettlesADeliveryWhileItsNextOneArrives() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.senderSettlesWhileTheNextDeliveryArrives());

            assertThat(engine.isOpen()).as("open after %s", engine.frames()).isTrue();
            assertThat(engine.frames()).filteredOn(Transfer.class::isInstance).as("messages to the consumer")
                    .hasSize(2);
            engine.feed(AmqpWire.amqpFrame(0, new Close()));
            Close close = AmqpWire.close(engine.frames());
            assertThat(close).isNotNull();
            assertThat(close.getError()).isNull();
        }
    }

    @Test
    void closesAConnectionSilentPartWayThroughAFrameWhenItsIdleTimeOutExpires() {
        try (EngineUnderTest engine = new EngineUnderTest(ListenerSpec.defaults("127.0.0.1", 0)
                .withIdleTimeoutSeconds(1))) {
            List<byte[]> session = PeerSessions.openAndBegin("fuzz-truncated");
            engine.feedAll(session);
            byte[] attach = AmqpWire.amqpFrame(0, PeerSessions.senderAttach(1, "cut", PeerSessions.ADDRESS));
            engine.feed(java.util.Arrays.copyOf(attach, attach.length / 2));
            assertThat(engine.isOpen()).as("waits for the rest of the frame").isTrue();

            engine.advance(999, TimeUnit.MILLISECONDS);
            assertThat(engine.isOpen()).as("open until the idle time-out").isTrue();
            engine.advance(1_001, TimeUnit.MILLISECONDS);

            assertThat(engine.isOpen()).as("closed after the idle time-out").isFalse();
            Close close = AmqpWire.close(engine.frames());
            assertThat(close).as("Close in %s", engine.frames()).isNotNull();
            assertThat(close.getError().getCondition().toString()).isEqualTo("amqp:resource-limit-exceeded");
        }
    }

    private static void assertClosedWith(List<byte[]> input, String condition) {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(input);

            List<Object> frames = engine.frames();
            assertThat(frames).as("router output").anySatisfy(frame -> assertThat(frame).isInstanceOf(Open.class));
            Close close = AmqpWire.close(frames);
            assertThat(close).as("a Close in %s", frames).isNotNull();
            assertThat(close.getError()).as("the Close's error").isNotNull();
            assertThat(close.getError().getCondition().toString()).isEqualTo(condition);
            assertThat(frames.get(frames.size() - 1)).as("the Close is the last frame").isSameAs(close);
            assertThat(engine.isOpen()).as("socket closed once the Close is out").isFalse();
        }
    }
}
