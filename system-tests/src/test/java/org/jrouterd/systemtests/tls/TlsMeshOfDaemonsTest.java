package org.jrouterd.systemtests.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.systemtests.launch.FreePort;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.transport.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three jrouterd daemons form a triangle over mutual TLS (each inter-router listener requires TLS and a client
 * certificate from the mesh CA; each connector presents one and checks the listener's host name) and route a
 * message across it; a fourth daemon whose certificate comes from another CA is refused by the handshake and never
 * joins, while the mesh carries on.
 */
@Timeout(180)
class TlsMeshOfDaemonsTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    /** One router's file: a client listener, maybe a TLS inter-router listener, TLS connectors to {@code to}. */
    private static String config(String id, Path cert, Path key, Path ca, Path passwordFile, int clientPort,
                                 Integer interPort, int... to) {
        StringBuilder out = new StringBuilder();
        out.append("router {\n    mode: interior\n    id: ").append(id).append("\n}\n\n");
        out.append("sslProfile {\n    name: mesh\n    certFile: ").append(cert).append("\n    privateKeyFile: ")
                .append(key).append("\n    password: file:").append(passwordFile).append("\n    caCertFile: ").append(ca)
                .append("\n    protocols: TLSv1.2 TLSv1.3\n}\n\n");
        out.append("listener {\n    name: clients\n    host: 127.0.0.1\n    port: ").append(clientPort)
                .append("\n    role: normal\n}\n\n");
        if (interPort != null) {
            out.append("listener {\n    name: inter-router\n    host: 127.0.0.1\n    port: ").append(interPort)
                    .append("\n    role: inter-router\n    sslProfile: mesh\n    requireSsl: yes\n"
                            + "    authenticatePeer: yes\n    saslMechanisms: EXTERNAL ANONYMOUS\n}\n\n");
        }
        for (int port : to) {
            out.append("connector {\n    name: ").append(id).append("-to-").append(port)
                    .append("\n    host: 127.0.0.1\n    port: ").append(port)
                    .append("\n    role: inter-router\n    sslProfile: mesh\n    verifyHostname: yes\n}\n\n");
        }
        return out.toString();
    }

    private RouterProcess start(String id, String config, int clientPort) throws IOException {
        Path file = Files.writeString(logs.path().resolve("router-" + id + ".conf"), config);
        return RouterProcess.start(id, RouterKind.JROUTERD, file, logs.path().resolve("router-" + id + ".log"),
                clientPort);
    }

    @Test
    void aTriangleOverMutualTlsRoutesAndARouterWithAnotherCasCertificateCannotJoin() throws Exception {
        TestCertificates certs = TestCertificates.create(logs.path().resolve("certs"));
        TestCertificates.Issued member = certs.server();
        TestCertificates.Issued intruder = certs.otherCaServer();
        int clientA = FreePort.onLoopback();
        int clientB = FreePort.onLoopback();
        int clientC = FreePort.onLoopback();
        int clientD = FreePort.onLoopback();
        int interA = FreePort.onLoopback();
        int interB = FreePort.onLoopback();
        Path ca = certs.caCert();
        Path pw = Files.writeString(logs.path().resolve("key-password"), TestCertificates.PASSWORD + "\n");
        try (RouterProcess a = start("A", config("A", member.cert(), member.encryptedKey(), ca, pw, clientA, interA),
                clientA);
             RouterProcess b = start("B", config("B", member.cert(), member.encryptedKey(), ca, pw, clientB, interB,
                     interA), clientB);
             RouterProcess c = start("C", config("C", member.cert(), member.encryptedKey(), ca, pw, clientC, null,
                     interA, interB), clientC)) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(a.reachable()).containsExactlyInAnyOrder("B", "C");
                assertThat(b.reachable()).containsExactlyInAnyOrder("A", "C");
                assertThat(c.reachable()).containsExactlyInAnyOrder("A", "B");
            });
            assertThat(a.log().lines()).anyMatch(line -> line.contains("Connection Opened: dir=in")
                    && line.contains("encrypted=TLSv1.3") && line.contains("container_id=B"));

            // The intruder trusts the mesh CA, but its own certificate is from another CA: A refuses it.
            try (RouterProcess d = start("D", config("D", intruder.cert(), intruder.encryptedKey(), ca, pw, clientD,
                    null, interA), clientD)) {
                await().atMost(CONVERGE).until(() -> d.log().lines().stream()
                        .anyMatch(line -> line.contains("Connector D-to-" + interA) && line.contains("TLS")));
                await().atMost(CONVERGE).until(() -> a.log().lines().stream()
                        .anyMatch(line -> line.contains("TLS handshake failed")));
                routeAcross(clientC, clientA, "across-the-triangle");
                assertThat(d.reachable()).isEmpty();
                assertThat(a.reachable()).containsExactlyInAnyOrder("B", "C");
            }
        }
    }

    /** A consumer on one router, a producer on another: the message crosses the inter-router TLS links. */
    private static void routeAcross(int consumerPort, int producerPort, String address) throws Exception {
        try (Connection consuming = new JmsConnectionFactory("amqp://127.0.0.1:" + consumerPort).createConnection();
             Connection producing = new JmsConnectionFactory("amqp://127.0.0.1:" + producerPort
                     + "?jms.forceAsyncSend=true").createConnection()) {
            consuming.start();
            Session session = consuming.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(address));
            Session sending = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // The producer gets credit once the consumer's address has reached its router.
            sending.createProducer(sending.createQueue(address)).send(sending.createTextMessage("over mutual TLS"));
            TextMessage received = (TextMessage) consumer.receive(20_000);
            assertThat(received).as("message from router at %d to router at %d", producerPort, consumerPort)
                    .isNotNull();
            assertThat(received.getText()).isEqualTo("over mutual TLS");
        }
    }
}
