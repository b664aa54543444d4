package org.jrouterd.server.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.linkstate.RouterRoute;
import org.jrouterd.server.Router;
import org.jrouterd.server.mesh.MeshClients.Confirmations;
import org.jrouterd.server.mesh.MeshClients.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real clients (Qpid JMS) across embedded meshes of interior routers. */
@Timeout(120)
class MeshRoutingTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private static Router.Builder withAddresses(Router.Builder builder) {
        return builder.address(AddressConfig.prefix("closest", Distribution.CLOSEST))
                .address(AddressConfig.prefix("multicast", Distribution.MULTICAST));
    }

    /** Waits until {@code router} routes {@code address} to {@code remotes} other routers. */
    private static void awaitRemotes(Router router, String address, int remotes) {
        await().atMost(Duration.ofSeconds(20)).until(() -> router.remoteDestinationCount(address) == remotes);
    }

    /** Waits until {@code router} has {@code consumers} local consumers on {@code address}. */
    private static void awaitConsumers(Router router, String address, int consumers) {
        await().atMost(Duration.ofSeconds(20)).until(() -> router.consumerCount(address) == consumers);
    }

    /** Waits until {@code router}'s path to {@code target} leaves through {@code nextHop} at {@code cost}. */
    static void awaitPath(Router router, String target, String nextHop, long cost) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(router.topology().route(target)).get()
                .extracting(RouterRoute::nextHop, RouterRoute::cost).containsExactly(nextHop, cost));
    }

    @Test
    void lineOfThreeCarriesTenThousandUnsettledMessagesAllAccepted() throws Exception {
        int count = 10_000;
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.line(3));
             MeshClients clients = new MeshClients()) {
            mesh.awaitConverged(CONVERGE);
            awaitPath(mesh.router("A"), "C", "B", 2);

            Session receiving = clients.connect(mesh.router("C").port()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = receiving.createConsumer(receiving.createQueue("line.orders"));
            Received received = new Received();
            consumer.setMessageListener(received::add);
            awaitRemotes(mesh.router("A"), "line.orders", 1);

            Session sending = clients.connect(mesh.router("A").port()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = sending.createProducer(sending.createQueue("line.orders"));
            Confirmations confirmations = new Confirmations(count);
            for (int i = 0; i < count; i++) {
                TextMessage message = sending.createTextMessage("order " + i);
                message.setIntProperty("seq", i);
                producer.send(message, confirmations);
            }
            assertThat(confirmations.done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(confirmations.failed).isEmpty();
            assertThat(confirmations.accepted).hasSize(count);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.seen.size() == count);
            assertThat(received.duplicates.get()).isZero();
        }
    }

    /** Every send was accepted, and every receiver got every message sent exactly once. */
    private static void assertEachReceivedOnce(List<Confirmations> sent, int perSender, List<Received> receivers)
            throws InterruptedException {
        for (Confirmations confirmations : sent) {
            assertThat(confirmations.done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(confirmations.accepted).hasSize(perSender);
        }
        int expected = sent.size() * perSender;
        for (Received received : receivers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> received.seen.size() == expected);
        }
        for (Received received : receivers) {
            assertThat(received.duplicates.get()).isZero();
            assertThat(received.total.get()).isEqualTo(expected);
        }
    }

    @Test
    void closestTakesTheCheaperPathInATriangleWithUnequalCosts() throws Exception {
        // A-B costs 1, B-C 1, A-C 5: from A, B is 1 away and C is 2 away (through B, not the direct link).
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.triangle(1, 1, 5), MeshRoutingTest::withAddresses);
             MeshClients clients = new MeshClients()) {
            mesh.awaitConverged(CONVERGE);
            // Reachability comes first (the direct link); the cheaper path once B's and C's link states arrive.
            awaitPath(mesh.router("A"), "C", "B", 2);

            Received onB = new Received();
            Received onC = new Received();
            Session sessionB = clients.connect(mesh.router("B").port()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            sessionB.createConsumer(sessionB.createQueue("closest.work")).setMessageListener(onB::add);
            Session sessionC = clients.connect(mesh.router("C").port()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumerC = sessionC.createConsumer(sessionC.createQueue("closest.work"));
            consumerC.setMessageListener(onC::add);
            awaitRemotes(mesh.router("A"), "closest.work", 2);

            Session sending = clients.connect(mesh.router("A").port()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = sending.createProducer(sending.createQueue("closest.work"));
            int count = 200;
            Confirmations confirmations = new Confirmations(count);
            for (int i = 0; i < count; i++) {
                TextMessage message = sending.createTextMessage("job " + i);
                message.setIntProperty("seq", i);
                producer.send(message, confirmations);
            }
            assertThat(confirmations.done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(confirmations.accepted).hasSize(count);
            await().atMost(Duration.ofSeconds(10)).until(() -> onB.seen.size() == count);
            assertThat(onC.total.get()).as("nothing goes to the farther router C").isZero();
        }
    }

    @Test
    void multicastInATriangleDeliversEachMessageOncePerReceiver() throws Exception {
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.triangle(1, 1, 1), MeshRoutingTest::withAddresses);
             MeshClients clients = new MeshClients()) {
            mesh.awaitConverged(CONVERGE);
            List<Received> receivers = new ArrayList<>();
            for (String id : List.of("A", "B", "C", "C")) {
                Session session = clients.connect(mesh.router(id).port()).createSession(false,
                        Session.AUTO_ACKNOWLEDGE);
                Received received = new Received();
                session.createConsumer(session.createTopic("multicast.news")).setMessageListener(received::add);
                receivers.add(received);
            }
            // Every local consumer is in its router's routes (a copy that reaches C from another router is routed
            // there on arrival, by C's routes at that moment), and A and B know the other routers' consumers.
            awaitConsumers(mesh.router("A"), "multicast.news", 1);
            awaitConsumers(mesh.router("B"), "multicast.news", 1);
            awaitConsumers(mesh.router("C"), "multicast.news", 2);
            for (String id : List.of("A", "B")) {
                awaitRemotes(mesh.router(id), "multicast.news", 2);
            }
            int perSender = 300;
            List<Confirmations> sent = new ArrayList<>();
            for (String id : List.of("A", "B")) {
                Session sending = clients.connect(mesh.router(id).port()).createSession(false,
                        Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = sending.createProducer(sending.createTopic("multicast.news"));
                Confirmations confirmations = new Confirmations(perSender);
                int base = id.equals("A") ? 0 : 100_000;
                for (int i = 0; i < perSender; i++) {
                    TextMessage message = sending.createTextMessage("news " + i);
                    message.setIntProperty("seq", base + i);
                    producer.send(message, confirmations);
                }
                sent.add(confirmations);
            }
            assertEachReceivedOnce(sent, perSender, receivers);
        }
    }

    @Test
    void theAllRoutersAddressReachesEachReceiverOnEveryRouterOnce() throws Exception {
        String address = "_topo/0/all/events";
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.triangle(1, 1, 1));
             MeshClients clients = new MeshClients()) {
            mesh.awaitConverged(CONVERGE);
            // Receivers on A and C (two), none on B: B relays without delivering.
            List<Received> receivers = new ArrayList<>();
            for (String id : List.of("A", "C", "C")) {
                Session session = clients.connect(mesh.router(id).port()).createSession(false,
                        Session.AUTO_ACKNOWLEDGE);
                Received received = new Received();
                session.createConsumer(session.createQueue(address)).setMessageListener(received::add);
                receivers.add(received);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> mesh.router("A").consumerCount(address) == 1
                    && mesh.router("C").consumerCount(address) == 2);

            int perSender = 200;
            List<Confirmations> sent = new ArrayList<>();
            // From B through a producer with the address as its target, and from A through an anonymous one.
            for (String id : List.of("B", "A")) {
                Session sending = clients.connect(mesh.router(id).port()).createSession(false,
                        Session.AUTO_ACKNOWLEDGE);
                Destination destination = sending.createQueue(address);
                boolean anonymous = id.equals("A");
                MessageProducer producer = sending.createProducer(anonymous ? null : destination);
                Confirmations confirmations = new Confirmations(perSender);
                int base = anonymous ? 100_000 : 0;
                for (int i = 0; i < perSender; i++) {
                    TextMessage message = sending.createTextMessage("event " + i);
                    message.setIntProperty("seq", base + i);
                    if (anonymous) {
                        producer.send(destination, message, confirmations);
                    } else {
                        producer.send(message, confirmations);
                    }
                }
                sent.add(confirmations);
            }
            assertEachReceivedOnce(sent, perSender, receivers);
        }
    }

    @Test
    void requestReplyWithServerAndReplyToOnDifferentRouters() throws Exception {
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.line(3));
             MeshClients clients = new MeshClients()) {
            mesh.awaitConverged(CONVERGE);
            // The server on C answers each request to its reply-to, through an anonymous producer.
            Session serverSession = clients.connect(mesh.router("C").port()).createSession(false,
                    Session.AUTO_ACKNOWLEDGE);
            MessageProducer replies = serverSession.createProducer(null);
            serverSession.createConsumer(serverSession.createQueue("rpc.service")).setMessageListener(request -> {
                try {
                    TextMessage reply = serverSession.createTextMessage("re: " + ((TextMessage) request).getText());
                    reply.setJMSCorrelationID(request.getJMSMessageID());
                    replies.send(request.getJMSReplyTo(), reply, new Confirmations(1));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRemotes(mesh.router("A"), "rpc.service", 1);

            Session clientSession = clients.connect(mesh.router("A").port()).createSession(false,
                    Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyTo = clientSession.createTemporaryQueue();
            MessageConsumer replyConsumer = clientSession.createConsumer(replyTo);
            // The temporary queue is a mobile address: C routes replies to it once A's address update arrived.
            awaitRemotes(mesh.router("C"), replyTo.getQueueName(), 1);
            MessageProducer requests = clientSession.createProducer(clientSession.createQueue("rpc.service"));
            int count = 20;
            for (int i = 0; i < count; i++) {
                TextMessage request = clientSession.createTextMessage("request " + i);
                request.setJMSReplyTo(replyTo);
                requests.send(request, new Confirmations(1));
            }
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Message reply = replyConsumer.receive(10_000);
                assertThat(reply).as("reply %d", i).isNotNull();
                answers.add(((TextMessage) reply).getText());
            }
            assertThat(answers).hasSize(count).allMatch(text -> text.startsWith("re: request "));
        }
    }

    @Test
    void dynamicReplyToAddressOfAnotherRouterIsReachable() throws Exception {
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.line(2));
             MeshClients clients = new MeshClients()) {
            mesh.awaitConverged(CONVERGE);
            Session session = clients.connect(mesh.router("B").port()).createSession(false,
                    Session.AUTO_ACKNOWLEDGE);
            // A topological address names its router: no address update is needed to reach it.
            MessageConsumer consumer = session.createConsumer(session.createQueue("_topo/0/B/direct.inbox"));
            await().atMost(Duration.ofSeconds(10)).until(() -> mesh.router("B").consumerCount("_topo/0/B/direct.inbox") == 1);
            Session sending = clients.connect(mesh.router("A").port()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination destination = sending.createQueue("_topo/0/B/direct.inbox");
            MessageProducer producer = sending.createProducer(null);
            Confirmations confirmations = new Confirmations(1);
            TextMessage message = sending.createTextMessage("to B");
            message.setIntProperty("seq", 1);
            producer.send(destination, message, confirmations);
            assertThat(consumer.receive(10_000)).isNotNull();
            assertThat(confirmations.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(confirmations.accepted).containsExactly(1);
        }
    }
}
