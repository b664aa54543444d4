package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jrouterd.transport.amqp.AmqpWire.amqpFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.Disposition;
import org.apache.qpid.proton.amqp.transport.Open;
import org.jrouterd.transport.server.ListenerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What management reads of one connection and its links ({@link ConnectionRegistry}), driven frame by frame on an
 * embedded channel with the test as its event loop and core thread: the connection's identity and peer, counts
 * per outcome on both links of a message's way, credit, queued and unsettled deliveries, and what is gone.
 */
@Timeout(30)
class ConnectionSnapshotTest {

    private static final int RECEIVER = 0;
    private static final int SENDER = 1;
    private static final String ADDRESS = "orders";

    @Test
    void describesTheConnectionAsQdrouterdShowsIt() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(saslOpenAndBegin("snapshot-client"));
            engine.advance(5, TimeUnit.SECONDS);

            List<ConnectionSnapshot> connections = engine.await(engine.registry().connections());

            assertThat(connections).hasSize(1);
            ConnectionSnapshot connection = connections.get(0);
            assertThat(connection.identity()).isEqualTo(1);
            assertThat(connection.host()).isEqualTo("embedded");   // an embedded channel's remote address
            assertThat(connection.container()).isEqualTo("snapshot-client");
            assertThat(connection.role()).isEqualTo("normal");
            assertThat(connection.dir()).isEqualTo("in");
            assertThat(connection.opened()).isTrue();
            assertThat(connection.adminStatus()).isEqualTo("enabled");
            assertThat(connection.operStatus()).isEqualTo("up");
            assertThat(connection.sasl()).isEqualTo("ANONYMOUS");
            assertThat(connection.user()).isEqualTo("anonymous");
            assertThat(connection.isAuthenticated()).isTrue();
            assertThat(connection.isEncrypted()).isFalse();
            assertThat(connection.ssl()).isFalse();
            assertThat(connection.sslProto()).isNull();
            assertThat(connection.uptimeSeconds()).isEqualTo(5);
            assertThat(connection.lastDlvSeconds()).as("no delivery yet").isNull();
            assertThat(connection.properties()).containsEntry("product", "test-client").containsEntry("build", 7);
        }
    }

    @Test
    void aClientThatSkipsSaslIsAnonymousAndNotAuthenticated() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.openAndBegin("no-sasl"));

            ConnectionSnapshot connection = engine.await(engine.registry().connections()).get(0);

            assertThat(connection.sasl()).isNull();
            assertThat(connection.user()).isEqualTo("anonymous");
            assertThat(connection.isAuthenticated()).isFalse();
            assertThat(connection.properties()).isEmpty();
        }
    }

    @Test
    void countsEachOutcomeOnTheIncomingAndTheOutgoingLink() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(consumerAndProducer(10));
            List<byte[]> traffic = new ArrayList<>();
            for (int id = 0; id < 5; id++) {
                traffic.add(message(id, false));
            }
            traffic.add(message(5, true));
            // The router numbers its deliveries to the consumer 0-5 in the order it sends them.
            traffic.add(amqpFrame(0, disposition(0, 1, null)));
            traffic.add(amqpFrame(0, disposition(2, 2, new Rejected())));
            traffic.add(amqpFrame(0, disposition(3, 3, Released.getInstance())));
            Modified modified = new Modified();
            modified.setDeliveryFailed(true);
            traffic.add(amqpFrame(0, disposition(4, 4, modified)));
            engine.feedAll(traffic);

            List<LinkSnapshot> links = engine.await(engine.registry().links());

            assertThat(links).extracting(LinkSnapshot::linkName).containsExactly("consumer", "producer");
            LinkSnapshot out = links.get(0);
            LinkSnapshot in = links.get(1);
            for (LinkSnapshot link : links) {
                assertThat(link.deliveryCount()).as(link.linkName()).isEqualTo(6);
                assertThat(link.presettledCount()).as(link.linkName()).isEqualTo(1);
                assertThat(link.acceptedCount()).as(link.linkName()).isEqualTo(2);
                assertThat(link.rejectedCount()).as(link.linkName()).isEqualTo(1);
                assertThat(link.releasedCount()).as(link.linkName()).isEqualTo(1);
                assertThat(link.modifiedCount()).as(link.linkName()).isEqualTo(1);
                assertThat(link.unsettledCount()).as(link.linkName()).isZero();
                assertThat(link.undeliveredCount()).as(link.linkName()).isZero();
                assertThat(link.droppedPresettledCount()).as(link.linkName()).isZero();
                assertThat(link.connectionId()).isEqualTo(1);
                assertThat(link.linkType()).isEqualTo("endpoint");
                assertThat(link.address()).isEqualTo(ADDRESS);
                assertThat(link.dynamic()).isFalse();
                assertThat(link.capacity()).isEqualTo(250);
                assertThat(link.priority()).isEqualTo(4);
                assertThat(link.adminStatus()).isEqualTo("enabled");
                assertThat(link.operStatus()).isEqualTo("up");
            }
            assertThat(out.linkDir()).isEqualTo("out");
            assertThat(in.linkDir()).isEqualTo("in");
            assertThat(out.creditAvailable()).as("the consumer's 10, less the 6 sent").isEqualTo(4);
            assertThat(in.creditAvailable()).as("a window of 250, refilled only past half").isEqualTo(244);
            assertThat(out.identity()).isLessThan(in.identity());   // attached first
        }
    }

    @Test
    void showsWhatWaitsForCreditAndWhatIsUnsettled() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(consumerAndProducer(2));
            List<byte[]> traffic = new ArrayList<>();
            for (int id = 0; id < 5; id++) {
                traffic.add(message(id, false));
            }
            engine.feedAll(traffic);

            List<LinkSnapshot> links = engine.await(engine.registry().links());

            LinkSnapshot out = links.get(0);
            LinkSnapshot in = links.get(1);
            assertThat(out.deliveryCount()).isEqualTo(2);
            assertThat(out.unsettledCount()).isEqualTo(2);
            assertThat(out.undeliveredCount()).isEqualTo(3);
            assertThat(out.creditAvailable()).isZero();
            assertThat(in.deliveryCount()).isEqualTo(5);
            assertThat(in.unsettledCount()).as("routed, waiting for their outcome").isEqualTo(5);
            assertThat(in.undeliveredCount()).isZero();
            assertThat(in.zeroCreditSeconds()).as("the producer has credit").isZero();
            assertThat(out.zeroCreditSeconds()).as("first seen without credit just now").isZero();

            engine.advance(3, TimeUnit.SECONDS);
            LinkSnapshot later = engine.await(engine.registry().links()).get(0);
            assertThat(later.zeroCreditSeconds()).isEqualTo(3);
        }
    }

    @Test
    void countsThePresettledMessagesThatHadNowhereToGoAsDropped() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            List<byte[]> input = new ArrayList<>(PeerSessions.openAndBegin("relay"));
            input.add(amqpFrame(0, PeerSessions.senderAttach(SENDER, "relay", null)));
            input.add(amqpFrame(0, PeerSessions.transfer(SENDER, 0, true, false), PeerSessions.properties("nowhere"),
                    new AmqpValue("lost")));
            input.add(amqpFrame(0, PeerSessions.transfer(SENDER, 1, false, false), PeerSessions.properties("nowhere"),
                    new AmqpValue("released")));
            engine.feedAll(input);

            LinkSnapshot relay = engine.await(engine.registry().links()).get(0);

            assertThat(relay.address()).as("an anonymous link").isNull();
            assertThat(relay.deliveryCount()).isEqualTo(2);
            assertThat(relay.presettledCount()).isEqualTo(1);
            assertThat(relay.droppedPresettledCount()).isEqualTo(1);
            assertThat(relay.releasedCount()).isEqualTo(1);
        }
    }

    @Test
    void marksADynamicLinkAndShowsTheAddressMadeForIt() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            List<byte[]> input = new ArrayList<>(PeerSessions.openAndBegin("rpc-client"));
            var attach = PeerSessions.receiverAttach(RECEIVER, "replies", null);
            ((Source) attach.getSource()).setDynamic(true);
            input.add(amqpFrame(0, attach));
            engine.feedAll(input);

            LinkSnapshot replies = engine.await(engine.registry().links()).get(0);

            assertThat(replies.dynamic()).isTrue();
            assertThat(replies.address()).isNotBlank();
        }
    }

    @Test
    void remembersWhenTheLastDeliveryPassed() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(consumerAndProducer(10));
            engine.feed(message(0, true));
            engine.advance(2, TimeUnit.SECONDS);

            ConnectionSnapshot connection = engine.await(engine.registry().connections()).get(0);

            assertThat(connection.lastDlvSeconds()).isEqualTo(2);
            assertThat(connection.linkCount()).isEqualTo(2);
        }
    }

    @Test
    void aDetachedLinkAndAClosedConnectionAreGone() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(consumerAndProducer(10));
            engine.feed(amqpFrame(0, PeerSessions.detach(SENDER)));

            assertThat(engine.await(engine.registry().links())).extracting(LinkSnapshot::linkName)
                    .containsExactly("consumer");

            engine.peerClosed();

            assertThat(engine.await(engine.registry().connections())).isEmpty();
            assertThat(engine.await(engine.registry().links())).isEmpty();
            assertThat(engine.registry().size()).isZero();
        }
    }

    @Test
    void managementClosesAConnectionWithConnectionForced() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(consumerAndProducer(10));

            assertThat(engine.await(engine.registry().closeConnection(1))).isTrue();

            Close close = AmqpWire.close(engine.frames());
            assertThat(close).isNotNull();
            assertThat((Object) close.getError().getCondition()).isEqualTo(Symbol.valueOf("amqp:connection:forced"));
            assertThat(close.getError().getDescription()).isEqualTo("Connection forced-closed by management request");
            assertThat(engine.isOpen()).isFalse();
            assertThat(engine.await(engine.registry().connections())).isEmpty();
            assertThat(engine.await(engine.registry().closeConnection(1))).as("gone").isFalse();
        }
    }

    private static List<byte[]> saslOpenAndBegin(String container) {
        Open open = PeerSessions.open(container);
        open.setProperties(Map.of(Symbol.valueOf("product"), "test-client", Symbol.valueOf("build"), 7));
        return List.of(AmqpWire.SASL_HEADER, AmqpWire.saslFrame(PeerSessions.saslInit()), AmqpWire.AMQP_HEADER,
                amqpFrame(0, open), amqpFrame(0, PeerSessions.begin()));
    }

    /** Open and Begin, a consumer of {@link #ADDRESS} with {@code credit}, then a producer to it. */
    private static List<byte[]> consumerAndProducer(int credit) {
        List<byte[]> frames = new ArrayList<>(PeerSessions.openAndBegin("traffic"));
        frames.add(amqpFrame(0, PeerSessions.receiverAttach(RECEIVER, "consumer", ADDRESS)));
        frames.add(amqpFrame(0, PeerSessions.flow(RECEIVER, credit)));
        frames.add(amqpFrame(0, PeerSessions.senderAttach(SENDER, "producer", ADDRESS)));
        return frames;
    }

    private static byte[] message(int deliveryId, boolean settled) {
        return amqpFrame(0, PeerSessions.transfer(SENDER, deliveryId, settled, false), PeerSessions.properties(null),
                new AmqpValue("m" + deliveryId));
    }

    /** The consumer settles the router's deliveries {@code first}..{@code last}; a null state means accepted. */
    private static Disposition disposition(int first, int last, DeliveryState state) {
        Disposition disposition = PeerSessions.accept(first, last);
        if (state != null) {
            disposition.setState(state);
        }
        disposition.setLast(UnsignedInteger.valueOf(last));
        return disposition;
    }
}
