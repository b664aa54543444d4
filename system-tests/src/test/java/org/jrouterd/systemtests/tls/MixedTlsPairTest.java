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
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.systemtests.launch.FreePort;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.transport.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jrouterd and the reference qdrouterd form an inter-router link over TLS, from the same qdrouterd-style files,
 * and route a message each way across it. qdrouterd dialling jrouterd is mutual TLS: jrouterd's listener requires
 * a client certificate from the mesh CA ({@code authenticatePeer}), and qdrouterd checks jrouterd's host name.
 * jrouterd dialling qdrouterd checks qdrouterd's certificate and host name (qdrouterd asks for a client
 * certificate only with SASL EXTERNAL, which jrouterd's connector does not offer yet).
 */
@Timeout(180)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedTlsPairTest {

    private static final Duration CONVERGE = Duration.ofSeconds(40);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private record Files3(Path cert, Path key, Path ca, Path password) {
    }

    private static String config(String id, Files3 tls, int clientPort, String interRouter) {
        return "router {\n    mode: interior\n    id: " + id + "\n}\n\n"
                + "sslProfile {\n    name: mesh\n    certFile: " + tls.cert() + "\n    privateKeyFile: " + tls.key()
                + "\n    password: file:" + tls.password() + "\n    caCertFile: " + tls.ca() + "\n}\n\n"
                + "listener {\n    name: clients\n    host: 127.0.0.1\n    port: " + clientPort
                + "\n    role: normal\n}\n\n" + interRouter;
    }

    private static String tlsListener(int port, boolean clientCertificate) {
        return "listener {\n    name: inter-router\n    host: 127.0.0.1\n    port: " + port
                + "\n    role: inter-router\n    sslProfile: mesh\n    requireSsl: yes\n"
                + (clientCertificate ? "    authenticatePeer: yes\n    saslMechanisms: EXTERNAL ANONYMOUS\n" : "") + "}\n";
    }

    private static String tlsConnector(String host, int port) {
        return "connector {\n    name: mixed\n    host: " + host + "\n    port: " + port
                + "\n    role: inter-router\n    sslProfile: mesh\n    verifyHostname: yes\n}\n";
    }

    private RouterProcess start(String id, RouterKind kind, String config, int clientPort) throws IOException {
        Path file = Files.writeString(logs.path().resolve("router-" + id + ".conf"), config);
        return RouterProcess.start(id, kind, file, logs.path().resolve("router-" + id + ".log"), clientPort);
    }

    private Files3 certificates() throws IOException {
        TestCertificates certs = TestCertificates.create(logs.path().resolve("certs"));
        Path password = Files.writeString(logs.path().resolve("key-password"), TestCertificates.PASSWORD + "\n");
        return new Files3(certs.server().cert(), certs.server().encryptedKey(), certs.caCert(), password);
    }

    @Test
    void qdrouterdDialsJrouterdOverMutualTls() throws Exception {
        Files3 tls = certificates();
        int clientJ = FreePort.onLoopback();
        int clientQ = FreePort.onLoopback();
        int inter = FreePort.onLoopback();
        try (RouterProcess j = start("J", RouterKind.JROUTERD, config("J", tls, clientJ, tlsListener(inter, true)),
                clientJ);
             RouterProcess q = start("Q", RouterKind.QDROUTERD, config("Q", tls, clientQ,
                     tlsConnector("localhost", inter)), clientQ)) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(j.reachable()).containsExactly("Q");
                assertThat(q.reachable()).containsExactly("J");
            });
            assertThat(j.log().lines()).anyMatch(line -> line.contains("Connection Opened: dir=in")
                    && line.contains("encrypted=TLSv1.3") && line.contains("container_id=Q"));
            routeAcross(clientJ, clientQ, "mixed.q-to-j");
            routeAcross(clientQ, clientJ, "mixed.j-to-q");
        }
    }

    @Test
    void jrouterdDialsQdrouterdOverTlsCheckingItsHostName() throws Exception {
        Files3 tls = certificates();
        int clientJ = FreePort.onLoopback();
        int clientQ = FreePort.onLoopback();
        int inter = FreePort.onLoopback();
        try (RouterProcess q = start("Q", RouterKind.QDROUTERD, config("Q", tls, clientQ, tlsListener(inter, false)),
                clientQ);
             RouterProcess j = start("J", RouterKind.JROUTERD, config("J", tls, clientJ,
                     tlsConnector("127.0.0.1", inter)), clientJ)) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(j.reachable()).containsExactly("Q");
                assertThat(q.reachable()).containsExactly("J");
            });
            assertThat(j.log().lines()).anyMatch(line -> line.contains("Connection Opened: dir=out")
                    && line.contains("encrypted=TLSv1") && line.contains("container_id=Q"));
            routeAcross(clientJ, clientQ, "mixed.q-to-j");
            routeAcross(clientQ, clientJ, "mixed.j-to-q");
        }
    }

    private static void routeAcross(int consumerPort, int producerPort, String address) throws Exception {
        try (Connection consuming = new JmsConnectionFactory("amqp://127.0.0.1:" + consumerPort).createConnection();
             Connection producing = new JmsConnectionFactory("amqp://127.0.0.1:" + producerPort
                     + "?jms.forceAsyncSend=true").createConnection()) {
            consuming.start();
            Session session = consuming.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(address));
            Session sending = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            sending.createProducer(sending.createQueue(address)).send(sending.createTextMessage("mixed over TLS"));
            TextMessage received = (TextMessage) consumer.receive(20_000);
            assertThat(received).as("%s from router at %d to router at %d", address, producerPort, consumerPort)
                    .isNotNull();
            assertThat(received.getText()).isEqualTo("mixed over TLS");
        }
    }
}
