package org.jrouterd.server.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.jrouterd.core.linkstate.RouterRoute;
import org.jrouterd.server.Router;
import org.jrouterd.server.RouterMode;
import org.jrouterd.server.mesh.QdrouterdWire.Numbers;
import org.jrouterd.server.mesh.ScriptedQdrouterd.Kind;
import org.jrouterd.server.mesh.ScriptedQdrouterd.PeerLink;
import org.jrouterd.server.mesh.ScriptedQdrouterd.ReceivedControl;
import org.jrouterd.server.mesh.ScriptedQdrouterd.ReceivedData;
import org.jrouterd.server.mesh.ScriptedQdrouterd.RemoteOpen;
import org.jrouterd.server.mesh.ScriptedQdrouterd.SentControl;
import org.jrouterd.server.mesh.ScriptedQdrouterd.Settings;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.ListenerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jrouterd "J" against a scripted qdrouterd 1.19 "Q" ({@link ScriptedQdrouterd}) over a real TCP connection to
 * J's inter-router listener: the Open, the 22 links, HELLO/RA/LSR/LSU, MAU/MAR and data in both directions, as
 * qdrouterd puts them on the wire (PROTOCOL.md §2–4). What the peer sends is encoded by hand
 * ({@link QdrouterdWire}); what J sends is decoded with plain proton-j.
 */
@Timeout(30)
class QdrouterdPeerWireTest {

    private static final String SELF = "J";
    private static final String PEER = "Q";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HELLO_MAX_AGE_SECONDS = 3;

    private Router router;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void startRouter() {
        router = Router.builder().id(SELF).mode(RouterMode.INTERIOR)
                .listener(ListenerSpec.defaults("127.0.0.1", 0))
                .listener(ListenerSpec.defaults("127.0.0.1", 0).withRole(ConnectionRole.INTER_ROUTER))
                .linkStateTimers(1, HELLO_MAX_AGE_SECONDS, 30, 4, 60)
                .start();
    }

    @AfterEach
    void stopRouter() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        router.close();
    }

    // ------------------------------------------------------------------ 1. Open and links

    @Test
    void openIsAnsweredAsQdrouterdDoesAndAll22LinksAreAttached() {
        ScriptedQdrouterd q = peer(Settings.of(PEER), false);

        RemoteOpen open = q.awaitRemoteOpen(WAIT.toSeconds());
        assertThat(open.containerId()).isEqualTo(SELF);
        assertThat(open.properties().get(ScriptedQdrouterd.PRODUCT)).isInstanceOf(String.class);
        assertThat(open.properties().get(ScriptedQdrouterd.VERSION)).isInstanceOf(String.class);
        assertThat(open.properties().get(ScriptedQdrouterd.CONN_ID)).isInstanceOf(Integer.class);
        assertThat(open.properties().get(ScriptedQdrouterd.ANNOTATIONS_VERSION)).isEqualTo(1);
        assertThat(open.properties()).doesNotContainKey(ScriptedQdrouterd.COST);   // cost 1: not sent
        assertThat(open.offeredCapabilities())
                .contains(ScriptedQdrouterd.ANONYMOUS_RELAY, ScriptedQdrouterd.STREAMING_LINKS);
        assertThat(open.desiredCapabilities())
                .contains(ScriptedQdrouterd.ANONYMOUS_RELAY, ScriptedQdrouterd.STREAMING_LINKS);

        await().atMost(WAIT).until(() -> q.routerLinks().size() == 22
                && q.routerLinks().stream().allMatch(l -> l.remoteAttached));
        List<PeerLink> links = q.routerLinks();
        assertThat(links).allSatisfy(link -> {
            assertThat(link.name).startsWith("qdlink.");
            assertThat(link.remoteTerminusPresent).as("terminus in J's attach of %s", link).isTrue();
            assertThat(link.remoteDetached).as("%s detached", link).isFalse();
            assertThat(link.remoteCapabilities).contains(link.kind == Kind.CONTROL
                    ? ScriptedQdrouterd.ROUTER_CONTROL : ScriptedQdrouterd.ROUTER_DATA);
        });
        assertThat(links.stream().filter(l -> l.kind == Kind.CONTROL && l.sender)).hasSize(1);
        assertThat(links.stream().filter(l -> l.kind == Kind.CONTROL && !l.sender)).hasSize(1);
        assertThat(links.stream().filter(l -> l.kind == Kind.DATA && l.sender)).hasSize(10);
        assertThat(links.stream().filter(l -> l.kind == Kind.DATA && !l.sender)).hasSize(10);

        // J took them as a neighbour's links: its HELLOs arrive on the control link.
        await().atMost(WAIT).until(() -> q.received("HELLO", c -> true).isPresent());
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ 2. HELLO, LSR/LSU, RA

    @Test
    void neighbourDiscoveryAndLinkStateExchange() {
        ScriptedQdrouterd q = peer(Settings.of(PEER), false);

        // Q says HELLO (seen []) every second: J hears it and lists Q in its own HELLO.
        ReceivedControl hello = awaitControl(q, "HELLO", c -> c.list("seen").contains(PEER));
        assertThat(hello.to()).isEqualTo(QdrouterdWire.HELLO_ADDRESS);
        assertStringKeyed(hello);
        assertThat(hello.get("id")).isEqualTo(SELF);
        assertThat(hello.get("pv")).isEqualTo(1L);
        assertThat(hello.get("area")).isEqualTo("0");
        assertThat(hello.get("instance")).isInstanceOf(Long.class);
        assertThat(hello.presettled()).isTrue();
        assertThat(hello.durable()).isFalse();
        assertThat(q.sent()).filteredOn(s -> s.opcode().equals("HELLO"))
                .allSatisfy(s -> assertThat((List<?>) s.get("seen")).isEmpty());
        // Q has not listed J yet: J is not Q's neighbour, asks nothing of it, and cannot reach it.
        assertThat(q.received("LSR", c -> true)).isEmpty();
        assertThat(router.reaches(PEER)).isFalse();

        // Q's HELLO now lists J: J asks for Q's link state and Q answers.
        q.listNeighboursInHello(true);
        ReceivedControl lsr = awaitControl(q, "LSR", c -> true);
        assertThat(lsr.to()).isEqualTo(QdrouterdWire.router(PEER));
        assertStringKeyed(lsr);
        assertThat(lsr.get("id")).isEqualTo(SELF);
        assertThat(lsr.get("pv")).isEqualTo(1L);
        assertThat(lsr.get("area")).isEqualTo("0");
        SentControl lsu = awaitSent(q, "LSU", s -> true);
        assertThat(lsu.to()).isEqualTo(QdrouterdWire.router(SELF));
        assertThat((Map<?, ?>) ((Map<?, ?>) lsu.get("ls")).get("peers")).isEqualTo(Map.of(SELF, 1L));
        assertThat(q.sentControl("RA", s -> ((Number) s.get("ls_seq")).longValue() == 1)).isPresent();

        await().atMost(WAIT).until(() -> router.reaches(PEER));
        RouterRoute route = router.topology().route(PEER).orElseThrow();
        assertThat(route.nextHop()).isEqualTo(PEER);
        assertThat(route.cost()).isEqualTo(1);

        // J advertises its new link state to all routers; Q follows it up with an LSR and gets J's LSU.
        ReceivedControl ra = awaitControl(q, "RA", c -> c.number("ls_seq") >= 1);
        assertThat(ra.to()).isEqualTo(QdrouterdWire.ALL_ROUTERS);
        assertStringKeyed(ra);
        assertThat(ra.get("mobile_seq")).isInstanceOf(Long.class);
        ReceivedControl jLsu = awaitControl(q, "LSU", c -> true);
        assertThat(jLsu.to()).isEqualTo(QdrouterdWire.router(PEER));
        assertStringKeyed(jLsu);
        Map<?, ?> ls = (Map<?, ?>) jLsu.get("ls");
        assertThat(ls.get("id")).isEqualTo(SELF);
        assertThat(ls.get("peers")).isEqualTo(Map.of(PEER, 1L));
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ 3. MAU from J

    @Test
    void peerLearnsTheAddressesOfJsConsumers() throws Exception {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        Session session = jmsSession();
        session.createConsumer(session.createQueue("wire.q"));
        await().atMost(WAIT).until(() -> router.consumerCount("wire.q") == 1);

        await().atMost(WAIT).until(() -> q.learnedAddresses(SELF).contains("M0wire.q"));
        ReceivedControl mau = q.received("MAU", c -> contains(c.list("add"), "M0wire.q")
                || contains(c.list("exist"), "M0wire.q")).orElseThrow();
        assertThat(mau.body().keySet()).allSatisfy(key -> assertThat(key).isInstanceOf(Symbol.class));
        assertThat(mau.get("id")).isEqualTo(SELF);
        assertThat(mau.get("pv")).isEqualTo(1L);
        assertThat(mau.get("mobile_seq")).isInstanceOf(Long.class);
        List<Object> keys = mau.list("add") != null ? mau.list("add") : mau.list("exist");
        List<Object> hints = mau.list("hints");
        assertThat(hints).hasSameSizeAs(keys).allSatisfy(h -> assertThat(h).isInstanceOf(Integer.class));
        assertThat(hints.get(keys.indexOf("M0wire.q"))).isEqualTo(3);   // balanced
        if (mau.list("add") != null) {
            assertThat(mau.to()).isEqualTo("amqp:/_topo/0/all/qdrouter.ma");
            assertThat(mau.list("del")).isNotNull();
        } else {
            assertThat(mau.to()).isEqualTo(QdrouterdWire.routerMa(PEER));
        }
        assertThat(mau.presettled()).isTrue();
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ 4. data J -> Q

    @Test
    @SuppressWarnings("unchecked")
    void messagesForThePeersAddressAreRoutedToIt() throws Exception {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        q.advertiseMobileAddress("M0peer.q", 3);
        q.sendRouterAdvertisement();
        await().atMost(WAIT).until(() -> router.remoteDestinationCount("peer.q") == 1);

        int count = 20;
        Session session = jmsSession();
        MessageProducer producer = session.createProducer(session.createQueue("peer.q"));
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger accepted = new AtomicInteger();
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage("m" + i), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    accepted.incrementAndGet();
                    done.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failures.add(exception);
                    done.countDown();
                }
            });
        }

        await().atMost(WAIT).until(() -> q.data().size() >= count);
        List<ReceivedData> received = q.data();
        assertThat(received).hasSize(count);
        List<String> bodies = new ArrayList<>();
        for (ReceivedData delivery : received) {
            assertThat(delivery.link().kind).isEqualTo(Kind.DATA);
            assertThat(delivery.link().priority).as("JMS default priority 4").isEqualTo(4);
            assertThat(delivery.presettled()).isFalse();
            Map<Symbol, Object> annotations = delivery.message().getMessageAnnotations().getValue();
            assertThat(annotations.get(QdrouterdWire.INGRESS)).isEqualTo("0/" + SELF);
            assertThat((List<Object>) annotations.get(QdrouterdWire.TRACE)).contains("0/" + SELF);
            assertThat(annotations.get(QdrouterdWire.TO)).isEqualTo("peer.q");
            assertThat(annotations).containsKey(Symbol.valueOf("x-opt-jms-msg-type"));   // the client's, kept
            bodies.add((String) ((AmqpValue) delivery.message().getBody()).getValue());
        }
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, count).mapToObj(i -> "m" + i).toList());
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(accepted.get()).isEqualTo(count);

        // qdrouterd 1.19 looks for router annotations only among the last QD_MA_FILTER_LEN (5) entries of the
        // map (message.c, skeletal parse); earlier entries count as the user's. A client message with 6 user
        // annotations must still carry J's router annotations at the end.
        ScriptedQdrouterd client = connect(router.port(), new Settings("plain-client", 1, Numbers.LONG, false), false);
        PeerLink sender = client.attachClientLink("peer.q", true);
        await().atMost(WAIT).until(() -> sender.remoteAttached);
        Map<Symbol, Object> user = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            user.put(Symbol.valueOf("x-opt-user-" + i), "u" + i);
        }
        CompletableFuture<DeliveryState> outcome = client.sendOn(sender,
                QdrouterdWire.encode(new MessageAnnotations(user), new AmqpValue("annotated")));
        await().atMost(WAIT).until(() -> q.data().size() == count + 1);
        List<Symbol> keys = new ArrayList<>(q.data().get(count).message().getMessageAnnotations().getValue().keySet());
        assertThat(keys.subList(0, 6)).containsExactlyElementsOf(user.keySet());
        assertThat(keys.subList(Math.max(0, keys.size() - 5), keys.size()))
                .contains(QdrouterdWire.INGRESS, QdrouterdWire.TRACE, QdrouterdWire.TO);
        assertThat((Object) outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ 5. data Q -> J

    @Test
    void aMessageFromThePeerReachesJsConsumer() throws Exception {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        Session session = jmsSession();
        MessageConsumer consumer = session.createConsumer(session.createQueue("wire.q"));
        await().atMost(WAIT).until(() -> router.consumerCount("wire.q") == 1);

        Properties properties = new Properties();
        properties.setTo("wire.q");
        byte[] message = QdrouterdWire.encode(
                QdrouterdWire.routerAnnotations("wire.q", List.of("0/" + PEER), "0/" + PEER),
                properties, new AmqpValue("hello from Q"));
        CompletableFuture<DeliveryState> outcome = q.sendData(4, message);

        Message received = consumer.receive(WAIT.toMillis());
        assertThat(received).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) received).getText()).isEqualTo("hello from Q");
        assertThat((Object) outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
        assertThat(q.problems()).isEmpty();
    }

    /**
     * qdrouterd 1.19 forwards a message it has not yet received whole (a large one) on a streaming link: one more
     * data link, beyond the ten priority links, that it attaches from either side of the connection. J must take
     * it like a priority link; it refused it once ("more than 10 incoming data links"), and qdrouterd released
     * every large message.
     */
    @Test
    void aMessageOnAStreamingLinkBeyondTheTenPriorityLinksReachesJsConsumer() throws Exception {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        Session session = jmsSession();
        MessageConsumer consumer = session.createConsumer(session.createQueue("wire.streamed"));
        await().atMost(WAIT).until(() -> router.consumerCount("wire.streamed") == 1);

        PeerLink streaming = q.attachStreamingLink();
        await().atMost(WAIT).until(() -> streaming.remoteAttached || streaming.remoteDetached);
        assertThat(streaming.remoteDetached).as("J detached %s", streaming).isFalse();
        assertThat(streaming.remoteTerminusPresent).isTrue();
        Properties properties = new Properties();
        properties.setTo("wire.streamed");
        byte[] message = QdrouterdWire.encode(
                QdrouterdWire.routerAnnotations("wire.streamed", List.of("0/" + PEER), "0/" + PEER),
                properties, new AmqpValue("streamed from Q"));
        CompletableFuture<DeliveryState> outcome = q.sendOn(streaming, message);

        Message received = consumer.receive(WAIT.toMillis());
        assertThat(received).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) received).getText()).isEqualTo("streamed from Q");
        assertThat((Object) outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
        assertThat(q.problems()).isEmpty();
    }

    @Test
    void aMessageAtALaterWaypointPhaseIsReleasedNotGivenToPhaseZeroConsumers() throws Exception {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        Session session = jmsSession();
        MessageConsumer consumer = session.createConsumer(session.createQueue("wire.phased"));
        await().atMost(WAIT).until(() -> router.consumerCount("wire.phased") == 1);

        Properties properties = new Properties();
        properties.setTo("wire.phased");
        CompletableFuture<DeliveryState> phaseOne = q.sendData(4, QdrouterdWire.encode(
                QdrouterdWire.routerAnnotations("wire.phased", 1, List.of("0/" + PEER), "0/" + PEER),
                properties, new AmqpValue("phase 1")));
        CompletableFuture<DeliveryState> phaseZero = q.sendData(4, QdrouterdWire.encode(
                QdrouterdWire.routerAnnotations("wire.phased", List.of("0/" + PEER), "0/" + PEER),
                properties, new AmqpValue("phase 0")));

        assertThat((Object) phaseOne.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Released.class);
        // Same link, same consumer: had the phase-1 message been delivered, it would have come first.
        Message received = consumer.receive(WAIT.toMillis());
        assertThat(((TextMessage) received).getText()).isEqualTo("phase 0");
        assertThat((Object) phaseZero.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ 6. refusal on a normal listener

    @Test
    void routerLinksAreRefusedOnANormalListenerAndTheConnectionStaysUsable() throws Exception {
        ScriptedQdrouterd q = connect(router.port(), Settings.of(PEER), false);

        await().atMost(WAIT).until(() -> q.routerLinks().size() == 22
                && q.routerLinks().stream().allMatch(l -> l.remoteDetached));
        assertThat(q.routerLinks()).allSatisfy(link -> {
            assertThat(link.remoteAttached).isTrue();
            assertThat(link.remoteTerminusPresent).as("terminus in the refusing attach of %s", link).isFalse();
            assertThat(link.remoteError).as("error of %s", link).isNotNull();
            assertThat((Object) link.remoteError.getCondition())
                    .isEqualTo(Symbol.valueOf("amqp:unauthorized-access"));
        });

        PeerLink receiver = q.attachClientLink("refusal.q", false);
        PeerLink sender = q.attachClientLink("refusal.q", true);
        await().atMost(WAIT).until(() -> receiver.remoteAttached && sender.remoteAttached
                && router.consumerCount("refusal.q") == 1);
        assertThat(receiver.remoteDetached || sender.remoteDetached).isFalse();
        CompletableFuture<DeliveryState> outcome = q.sendOn(sender, QdrouterdWire.encode(new AmqpValue("still usable")));
        await().atMost(WAIT).until(() -> q.data().stream().anyMatch(d -> d.link() == receiver));
        assertThat((Object) outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Accepted.class);
        assertThat(q.socketClosed()).isFalse();
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ 7. losing the peer

    @Test
    void anAbruptlyClosedPeerIsLostWithinHelloMaxAge() {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        q.advertiseMobileAddress("M0peer.q", 3);
        q.sendRouterAdvertisement();
        await().atMost(WAIT).until(() -> router.remoteDestinationCount("peer.q") == 1);

        q.abortSocket();
        await().atMost(Duration.ofSeconds(HELLO_MAX_AGE_SECONDS))
                .until(() -> !router.reaches(PEER) && router.remoteDestinationCount("peer.q") == 0);
        long lostBy = System.nanoTime();
        // A dropped connection is noticed at once, not only when HELLOs stop: J lost the peer before the last HELLO
        // that listed J could have aged out (J received that HELLO no earlier than the peer sent it). Measured from
        // that HELLO, not from the abort: on a slow machine the peer's last HELLO may be well over a second old
        // when the socket goes, which leaves less time before a HELLO-age loss than a fixed bound assumes.
        assertThat(Duration.ofNanos(lostBy - lastHelloListing(q, SELF)))
                .as("from the peer's last HELLO to the loss").isLessThan(Duration.ofSeconds(HELLO_MAX_AGE_SECONDS));
        assertThat(router.topology().route(PEER)).isEmpty();
    }

    @Test
    void aPeerThatFallsSilentIsLostAfterHelloMaxAge() {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        q.advertiseMobileAddress("M0peer.q", 3);
        q.sendRouterAdvertisement();
        await().atMost(WAIT).until(() -> router.remoteDestinationCount("peer.q") == 1);

        q.stopHellos();   // the TCP connection and all 22 links stay up
        await().atMost(Duration.ofSeconds(HELLO_MAX_AGE_SECONDS + 2))
                .until(() -> !router.reaches(PEER) && router.remoteDestinationCount("peer.q") == 0);
        long lostBy = System.nanoTime();
        // Not before helloMaxAge: measured from the last HELLO that listed J (J refreshed the neighbour no earlier
        // than the peer sent it), not from stopHellos(), which a HELLO timer running late on a slow machine can
        // leave more than one interval after that HELLO.
        assertThat(Duration.ofNanos(lostBy - lastHelloListing(q, SELF)))
                .as("from the peer's last HELLO to the loss").isGreaterThan(Duration.ofSeconds(HELLO_MAX_AGE_SECONDS));
        assertThat(q.socketClosed()).isFalse();
        assertThat(q.problems()).isEmpty();
    }

    @Test
    void aPeerThatDetachesItsControlLinksIsLostAtOnceAndItsConnectionClosed() {
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER));
        q.advertiseMobileAddress("M0peer.q", 3);
        q.sendRouterAdvertisement();
        await().atMost(WAIT).until(() -> router.remoteDestinationCount("peer.q") == 1);

        q.detachControlLinks();
        // Without a control link the connection carries nothing of the mesh: J closes it (so a connector redials)
        // instead of keeping it open and useless.
        await().atMost(WAIT).until(() -> !router.reaches(PEER) && router.remoteDestinationCount("peer.q") == 0
                && q.remoteClose() != null);
        assertThat((Object) q.remoteClose().getCondition()).isEqualTo(Symbol.valueOf("amqp:connection:forced"));
        assertThat(q.remoteClose().getDescription()).contains("detached the inter-router control link");
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ 8. cost, and 1.19's Python ints

    @Test
    void theLargerInterRouterCostWins() {
        // The peer also types HELLO/RA/LSR/LSU numbers as qdrouterd 1.19's Python does: int when they fit.
        ScriptedQdrouterd q = joinedPeer(Settings.of(PEER).withCost(5).withNumbers(Numbers.PYTHON));
        RouterRoute route = router.topology().route(PEER).orElseThrow();
        assertThat(route.cost()).isEqualTo(5);
        SentControl lsu = awaitSent(q, "LSU", s -> true);
        assertThat((Map<?, ?>) ((Map<?, ?>) lsu.get("ls")).get("peers")).isEqualTo(Map.of(SELF, 5));
        ReceivedControl jLsu = awaitControl(q, "LSU", c -> true);
        assertThat(((Map<?, ?>) jLsu.get("ls")).get("peers")).isEqualTo(Map.of(PEER, 5L));
        assertThat(q.problems()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private ScriptedQdrouterd peer(Settings settings, boolean listNeighbours) {
        return connect(router.listenAddresses().get(1).getPort(), settings, listNeighbours);
    }

    private ScriptedQdrouterd connect(int port, Settings settings, boolean listNeighbours) {
        ScriptedQdrouterd q = ScriptedQdrouterd.connect(port, settings, listNeighbours);
        resources.add(q);
        return q;
    }

    /** A peer that lists its neighbours from the start; returns once J reaches it. */
    private ScriptedQdrouterd joinedPeer(Settings settings) {
        ScriptedQdrouterd q = peer(settings, true);
        await().atMost(WAIT).until(() -> router.reaches(settings.routerId()));
        return q;
    }

    private static ReceivedControl awaitControl(ScriptedQdrouterd q, String opcode,
                                                java.util.function.Predicate<ReceivedControl> test) {
        await().atMost(WAIT).until(() -> q.received(opcode, test).isPresent());
        return q.received(opcode, test).orElseThrow();
    }

    private static SentControl awaitSent(ScriptedQdrouterd q, String opcode,
                                         java.util.function.Predicate<SentControl> test) {
        await().atMost(WAIT).until(() -> q.sentControl(opcode, test).isPresent());
        return q.sentControl(opcode, test).orElseThrow();
    }

    /** When the peer sent its last HELLO that lists {@code routerId} ({@link System#nanoTime()}). */
    private static long lastHelloListing(ScriptedQdrouterd q, String routerId) {
        return q.sent().stream()
                .filter(s -> s.opcode().equals("HELLO") && ((List<?>) s.get("seen")).contains(routerId))
                .mapToLong(SentControl::atNanos).max()
                .orElseThrow(() -> new AssertionError("the peer sent no HELLO listing " + routerId));
    }

    /** HELLO, RA, LSR, LSU: string keys throughout (the ls map too), opcode under a string key. */
    private static void assertStringKeyed(ReceivedControl control) {
        assertThat(control.opcodeKey()).isInstanceOf(String.class);
        assertThat(control.body().keySet()).allSatisfy(key -> assertThat(key).isInstanceOf(String.class));
        if (control.get("ls") instanceof Map<?, ?> ls) {
            assertThat(ls.keySet()).allSatisfy(key -> assertThat(key).isInstanceOf(String.class));
        }
    }

    private static boolean contains(List<Object> list, String value) {
        return list != null && list.contains(value);
    }

    private Session jmsSession() throws Exception {
        JmsConnectionFactory factory = new JmsConnectionFactory(
                "amqp://127.0.0.1:" + router.port() + "?jms.forceAsyncSend=true");
        Connection connection = factory.createConnection();
        resources.add(connection);
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }
}
