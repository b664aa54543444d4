package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.systemtests.python.ProtonPython;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request/reply between a qdrouterd and a jrouterd, in both dial directions, with the client on either kind and
 * the server on the other: a JMS client's replies come back to its temporary queue (a dynamic target, so a
 * mobile {@code _$temp.} address that must spread to the server's router), the stock Python {@code client.py}
 * gets {@code server.py}'s replies at its dynamic reply-to (a dynamic source, {@code _topo/0/<its router>/temp.}),
 * and a sender on one kind reaches a consumer on the other through {@code _topo/0/<router id>/<address>}.
 */
@Timeout(120)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedRequestReplyTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration KNOWN = Duration.ofSeconds(20);
    private static final Duration TRAFFIC = Duration.ofSeconds(30);
    private static final int REQUESTS = 200;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    /**
     * A JMS client on one router sends 200 requests with a temporary queue as reply-to to a JMS server on the
     * other, which answers each through an anonymous producer; first client on A, then client on B.
     */
    @ParameterizedTest
    @EnumSource(Dial.class)
    void jmsClientGetsEveryReplyAtItsTemporaryQueueFromAServerOnTheOtherKind(Dial dial) throws Exception {
        try (MeshOfProcesses mesh = start(dial); JmsClients clients = new JmsClients()) {
            requestReply(clients, mesh, "A", "B");
            requestReply(clients, mesh, "B", "A");
        }
    }

    private static void requestReply(JmsClients clients, MeshOfProcesses mesh, String client, String server)
            throws Exception {
        String service = "interop.service.on-" + server;
        JmsClients.Outcomes replies = serve(clients.session(mesh.clientPort(server)), service);

        Session session = clients.session(mesh.clientPort(client));
        TemporaryQueue replyTo = session.createTemporaryQueue();
        MessageConsumer replyConsumer = session.createConsumer(replyTo);
        JmsClients.Received received = new JmsClients.Received(replyConsumer);
        Map<Integer, String> answers = new ConcurrentHashMap<>();
        replyConsumer.setMessageListener(reply -> {
            received.add(reply);
            if (RoutingProbe.isProbe(JmsClients.seq(reply))) {
                return;
            }
            try {
                answers.put(JmsClients.seq(reply), reply.getJMSCorrelationID() + " " + ((TextMessage) reply).getText());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        String what = "the temporary queue " + replyTo.getQueueName() + " of " + client + " (" + mesh.kind(client)
                + ") is known on " + server + " (" + mesh.kind(server) + ")";
        System.out.println("[" + client + " " + mesh.kind(client) + "] temporary queue " + replyTo.getQueueName());
        new RoutingProbe(clients.session(mesh.clientPort(server)), replyTo.getQueueName(), 0)
                .until(what, 1, KNOWN, () -> !received.order.isEmpty());

        MessageProducer producer = session.createProducer(session.createQueue(service));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        JmsClients.Outcomes requests = new JmsClients.Outcomes(REQUESTS);
        Map<Integer, String> sentIds = new ConcurrentHashMap<>();
        for (int seq = 0; seq < REQUESTS; seq++) {
            TextMessage request = session.createTextMessage("request " + seq);
            request.setIntProperty(JmsClients.SEQ, seq);
            request.setJMSReplyTo(replyTo);
            producer.send(request, requests);
            sentIds.put(seq, request.getJMSMessageID());
        }

        String route = "client on " + client + " (" + mesh.kind(client) + "), server on " + server + " ("
                + mesh.kind(server) + ")";
        assertAccepted(requests, "requests, " + route);
        assertAccepted(replies, "replies, " + route);
        InteropAwait.until("the client has all " + REQUESTS + " replies", TRAFFIC,
                () -> answers.size() >= REQUESTS);
        assertThat(received.duplicates).as("duplicate replies").hasValue(0);
        assertThat(answers).as("replies, " + route).hasSize(REQUESTS);
        List<String> wrong = answers.entrySet().stream()
                .filter(answer -> !answer.getValue()
                        .equals(sentIds.get(answer.getKey()) + " REQUEST " + answer.getKey()))
                .map(answer -> answer.getKey() + ": " + answer.getValue()).toList();
        assertThat(wrong).as("replies without the request's id as correlation id or its text upper-cased, " + route)
                .isEmpty();
        replyConsumer.close();
    }

    /**
     * A server for {@code service} on {@code session}: it answers each request, upper-cased and with the
     * request's message id as correlation id, through one anonymous producer; returns the replies' outcomes.
     */
    private static JmsClients.Outcomes serve(Session session, String service) throws JMSException {
        MessageProducer anonymous = session.createProducer(null);
        anonymous.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        JmsClients.Outcomes outcomes = new JmsClients.Outcomes(REQUESTS);
        session.createConsumer(session.createQueue(service)).setMessageListener(request -> {
            try {
                TextMessage reply = session.createTextMessage(((TextMessage) request).getText()
                        .toUpperCase(Locale.ROOT));
                reply.setJMSCorrelationID(request.getJMSMessageID());
                reply.setIntProperty(JmsClients.SEQ, JmsClients.seq(request));
                anonymous.send(request.getJMSReplyTo(), reply, outcomes);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        return outcomes;
    }

    /**
     * The stock {@code server.py} on one router and {@code client.py} on the other: the client prints each of
     * its four requests with the server's upper-cased reply, and the server saw each request with a reply-to of
     * the client's router ({@code _topo/0/<client's router>/temp.}); first client on A, then on B.
     */
    @ParameterizedTest
    @EnumSource(Dial.class)
    void protonClientPyGetsRepliesAtItsDynamicReplyToFromServerPyOnTheOtherKind(Dial dial) {
        ProtonPython.requireInstalled(logs.path(), "server.py", "client.py");
        try (MeshOfProcesses mesh = start(dial)) {
            clientAndServerPy(mesh, "A", "B");
            clientAndServerPy(mesh, "B", "A");
        }
    }

    private void clientAndServerPy(MeshOfProcesses mesh, String client, String server) {
        String address = "interop.rpc.on-" + server;
        try (ChildProcess serverPy = ProtonPython.example("server-on-" + server, logs.path(), "server.py",
                "-a", mesh.hostPort(server) + "/" + address)) {
            serverPy.awaitLine("server.py 'Listening on'", line -> line.startsWith("Listening on"), TRAFFIC);
            try (ChildProcess clientPy = ProtonPython.example("client-on-" + client, logs.path(), "client.py",
                    "-a", mesh.hostPort(client) + "/" + address)) {
                clientPy.awaitExitCode(0, TRAFFIC);
                List<String> lines = clientPy.output().lines();
                assertThat(lines).as("client.py on %s (%s), see %s", client, mesh.kind(client),
                        clientPy.output().file()).hasSize(4).allSatisfy(line -> {
                            String[] parts = line.split(" => ", 2);
                            assertThat(parts).hasSize(2);
                            assertThat(parts[1]).isEqualTo(parts[0].toUpperCase(Locale.ROOT));
                        });
            }
            serverPy.terminate();
            serverPy.awaitExit(TRAFFIC);
            List<String> received = serverPy.output().lines().stream()
                    .filter(line -> line.startsWith("Received ")).toList();
            assertThat(received).as("requests seen by server.py on %s (%s), see %s", server, mesh.kind(server),
                    serverPy.output().file()).hasSize(4)
                    .allSatisfy(line -> assertThat(line).contains("reply_to='amqp:/_topo/0/" + client + "/temp."));
        }
    }

    /**
     * 200 unsettled messages to {@code _topo/0/<router>/interop.topo}, from a sender on one router to a consumer
     * that attached that same address on the other router, first A to B, then B to A: all accepted, in order.
     */
    @ParameterizedTest
    @EnumSource(Dial.class)
    void topologicalAddressOfTheOtherKindsRouterReachesItsConsumer(Dial dial) throws Exception {
        try (MeshOfProcesses mesh = start(dial); JmsClients clients = new JmsClients()) {
            topological(clients, mesh, "A", "B");
            topological(clients, mesh, "B", "A");
        }
    }

    private static void topological(JmsClients clients, MeshOfProcesses mesh, String from, String to)
            throws Exception {
        String address = "_topo/0/" + to + "/interop.topo";
        JmsClients.Received received = clients.receive(mesh.clientPort(to), address);
        JmsClients.Outcomes outcomes = clients.send(mesh.clientPort(from), address, 0, REQUESTS);

        assertAccepted(outcomes, address + " from " + from + " (" + mesh.kind(from) + ")");
        InteropAwait.until("the consumer on " + to + " has all " + REQUESTS, TRAFFIC,
                () -> received.count() >= REQUESTS);
        assertThat(List.copyOf(received.order)).as("received on %s (%s), in order, once each", to, mesh.kind(to))
                .containsExactlyElementsOf(IntStream.range(0, REQUESTS).boxed().toList());
        received.stop();
    }

    private MeshOfProcesses start(Dial dial) {
        return MeshOfProcesses.builder(MeshLayout.line(2), logs.path())
                .kind("A", dial.listener).kind("B", dial.connector).startConverged(CONVERGE);
    }

    private static void assertAccepted(JmsClients.Outcomes outcomes, String what) throws InterruptedException {
        outcomes.assertAllAccepted(REQUESTS, TRAFFIC, what);
    }
}
