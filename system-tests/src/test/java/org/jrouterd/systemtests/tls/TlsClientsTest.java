package org.jrouterd.systemtests.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.FreePort;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.transport.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A jrouterd daemon with a {@code requireSsl} listener (an sslProfile with a PKCS#1 key encrypted with a
 * {@code literal:} password): Qpid JMS over {@code amqps://} and Python Proton with {@code SSLDomain} (verifying
 * the router's certificate and host name) send and receive through it; a plain client is refused; a peer that
 * connects and sends nothing, or half a ClientHello, is cut off after the TLS handshake time-out (10 s), and the
 * router serves TLS clients throughout.
 */
@Timeout(180)
class TlsClientsTest {

    /** The router's TLS handshake time-out ({@code ListenerTls.DEFAULT_HANDSHAKE_TIMEOUT_MILLIS}) and some slack. */
    private static final Duration HANDSHAKE_CUT_OFF = Duration.ofSeconds(15);
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private RouterProcess startRouter(TestCertificates certs, int port) throws IOException {
        String config = "router {\n    mode: standalone\n    id: Secure\n}\n\n"
                + "sslProfile {\n    name: server\n    certFile: " + certs.server().cert()
                + "\n    privateKeyFile: " + certs.server().encryptedPkcs1Key()
                + "\n    password: literal:" + TestCertificates.PASSWORD
                + "\n    caCertFile: " + certs.caCert() + "\n}\n\n"
                + "listener {\n    host: 127.0.0.1\n    port: " + port
                + "\n    sslProfile: server\n    requireSsl: yes\n    saslMechanisms: ANONYMOUS\n}\n";
        Path file = Files.writeString(logs.path().resolve("router-Secure.conf"), config);
        return RouterProcess.start("Secure", RouterKind.JROUTERD, file, logs.path().resolve("router-Secure.log"),
                port);
    }

    private static String amqps(TestCertificates certs, int port) {
        return "amqps://127.0.0.1:" + port + "?transport.trustStoreLocation=" + certs.trustStore()
                + "&transport.trustStorePassword=" + TestCertificates.PASSWORD + "&transport.storeType=PKCS12"
                + "&transport.verifyHost=true&jms.forceAsyncSend=true";
    }

    private static void jmsRoundTrip(String url, String queue) throws JMSException {
        try (Connection connection = new JmsConnectionFactory(url).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage("jms over tls"));
            TextMessage received = (TextMessage) consumer.receive(10_000);
            assertThat(received).isNotNull();
            assertThat(received.getText()).isEqualTo("jms over tls");
        }
    }

    /** A Proton Python client: sends one message over TLS, verifying the router's certificate and host name. */
    private static final String PYTHON_CLIENT = String.join("\n",
            "import sys",
            "from proton import Message, SSLDomain",
            "from proton.handlers import MessagingHandler",
            "from proton.reactor import Container",
            "url, ca, address = sys.argv[1:4]",
            "class RoundTrip(MessagingHandler):",
            "    def __init__(self):",
            "        super().__init__()",
            "    def on_start(self, event):",
            "        domain = SSLDomain(SSLDomain.MODE_CLIENT)",
            "        domain.set_trusted_ca_db(ca)",
            "        domain.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)",
            "        conn = event.container.connect(url, ssl_domain=domain, sasl_enabled=False)",
            "        event.container.create_receiver(conn, address)",
            "        self.sender = event.container.create_sender(conn, address)",
            "    def on_sendable(self, event):",
            "        if self.sender.credit and not getattr(self, 'sent', False):",
            "            self.sender.send(Message(body='python over tls'))",
            "            self.sent = True",
            "    def on_message(self, event):",
            "        print('received:', event.message.body, flush=True)",
            "        event.connection.close()",
            "    def on_transport_error(self, event):",
            "        print('transport error:', event.transport.condition, flush=True)",
            "        sys.exit(3)",
            "Container(RoundTrip()).run()",
            "");

    private ChildProcess python(String name, String url, TestCertificates certs) throws IOException {
        Path script = Files.writeString(logs.path().resolve("tls_client.py"), PYTHON_CLIENT);
        return ChildProcess.start(name, List.of(PYTHON.toString(), script.toString(), url,
                        certs.caCert().toString(), "py-tls"), Map.of("PYTHONUNBUFFERED", "1"), Jrouterd.home(),
                logs.path().resolve(name + ".out"));
    }

    @Test
    void jmsAndPythonClientsOverTlsWhilePlainAndStalledPeersAreCutOff() throws Exception {
        TestCertificates certs = TestCertificates.create(logs.path().resolve("certs"));
        int port = FreePort.onLoopback();
        try (RouterProcess router = startRouter(certs, port)) {
            jmsRoundTrip(amqps(certs, port), "jms-tls");

            try (ChildProcess client = python("python-tls", "amqps://localhost:" + port, certs)) {
                assertThat(client.awaitExit(Duration.ofSeconds(60))).as("python client exit; see %s",
                        logs.path().resolve("python-tls.out")).isZero();
                assertThat(client.output().lines()).contains("received: python over tls");
            }

            // Plain AMQP to a requireSsl listener: Proton sees the socket closed before any AMQP header.
            try (ChildProcess plain = python("python-plain", "amqp://127.0.0.1:" + port, certs)) {
                assertThat(plain.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
                assertThat(plain.output().lines()).anyMatch(line -> line.startsWith("transport error:"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> router.log().lines().stream().anyMatch(
                    line -> line.contains("ended: plain connection refused: the listener requires TLS")));

            try (Socket silent = new Socket("127.0.0.1", port);
                 Socket halfHello = new Socket("127.0.0.1", port)) {
                // A TLS record header announcing 512 bytes of ClientHello, and only 3 of them.
                halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});
                long start = System.nanoTime();
                jmsRoundTrip(amqps(certs, port), "while-stalled");   // the router serves others meanwhile
                assertThat(closedByPeer(silent, HANDSHAKE_CUT_OFF)).as("silent peer cut off").isTrue();
                assertThat(closedByPeer(halfHello, HANDSHAKE_CUT_OFF)).as("half a ClientHello cut off").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE_CUT_OFF.multipliedBy(2));
            }
            // The end lines are written as the sockets close, a moment after the peers see them closed.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(router.log().lines()).anyMatch(line -> line.contains("ended: no TLS handshake within"));
                assertThat(router.log().lines()).anyMatch(line -> line.contains("ended: TLS handshake failed: "
                        + "handshake timed out"));
            });
            jmsRoundTrip(amqps(certs, port), "after-stall");
        }
    }

    /** Whether the peer closes the socket within {@code limit} (end of stream or reset). */
    private static boolean closedByPeer(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // the TLS alert, if any, then the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;   // reset
        }
    }
}
