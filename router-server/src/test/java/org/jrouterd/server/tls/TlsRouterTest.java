package org.jrouterd.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.jrouterd.server.RouterMode;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.AmqpConnector.Status;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.ListenerSpec;
import org.jrouterd.transport.tls.ConnectorTls;
import org.jrouterd.transport.tls.ListenerTls;
import org.jrouterd.transport.tls.TestCertificates;
import org.jrouterd.transport.tls.TlsProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded routers over TLS with a real client (Qpid JMS over {@code amqps://}) and real router connections:
 * requireSsl, TLS and plain on one port, required client certificates (missing, expired, from another CA), a
 * connector's host name check, mutual TLS between routers, and handshakes that stall. After each refusal the
 * router still serves a good client.
 */
@Timeout(120)
class TlsRouterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path folder;
    static TestCertificates certs;

    @BeforeAll
    static void generate() {
        certs = TestCertificates.create(folder.resolve("certs"));
    }

    private static ListenerSpec tlsListener(boolean requireSsl, boolean clientCertificates) throws Exception {
        return ListenerSpec.defaults("127.0.0.1", 0)
                .withTls(ListenerTls.of(certs.profile("server", certs.server()), requireSsl, clientCertificates));
    }

    private static Router router(String id, ListenerSpec listener) {
        return Router.builder().id(id).ioThreads(1).listener(listener).start();
    }

    /** A Qpid JMS URL over TLS trusting the test CA; {@code key} (PKCS#12) is the client certificate, or null. */
    private static String amqps(int port, TestCertificates.Issued key) {
        String url = "amqps://127.0.0.1:" + port + "?transport.trustStoreLocation=" + certs.trustStore()
                + "&transport.trustStorePassword=" + TestCertificates.PASSWORD + "&transport.storeType=PKCS12"
                + "&transport.verifyHost=true";
        if (key != null) {
            url += "&transport.keyStoreLocation=" + key.pkcs12() + "&transport.keyStorePassword="
                    + TestCertificates.PASSWORD;
        }
        return url;
    }

    /** Sends one message to {@code queue} and receives it on the same connection: the connection works. */
    private static void roundTrip(String url, String queue) throws JMSException {
        // Settlement is end to end: a synchronous send would wait for the consumer, which receives only after it.
        JmsConnectionFactory factory = new JmsConnectionFactory(url + (url.contains("?") ? "&" : "?")
                + "jms.forceAsyncSend=true");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage("over " + url
                    .substring(0, 5)));
            TextMessage received = (TextMessage) consumer.receive(10_000);
            assertThat(received).as("message through %s", url).isNotNull();
            assertThat(received.getText()).startsWith("over ");
        }
    }

    /** The messages of {@code error}'s causes, in one line, for assertions on TLS alerts. */
    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder();
        boolean tls = false;
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
            tls |= t instanceof SSLException;
        }
        return (tls ? "[tls] " : "") + text;
    }

    private static String refusal(String url) {
        JmsConnectionFactory factory = new JmsConnectionFactory(url + (url.contains("?") ? "&" : "?")
                + "jms.connectTimeout=10000");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        } catch (JMSException e) {
            return causes(e);
        }
        throw new AssertionError("the connection to " + url + " was accepted");
    }

    /** Captures what the router logs about connections (logger SERVER) while a test runs. */
    private static final class ServerLog implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("SERVER");
        private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();

        ServerLog() {
            appender.start();
            logger.addAppender(appender);
        }

        /** Waits until a line contains every one of {@code parts}. */
        void await(String... parts) {
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(lines())
                    .anySatisfy(line -> assertThat(line).contains(parts)));
        }

        List<String> lines() {
            synchronized (appender.list) {
                return appender.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                        .toList();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }

    @Test
    void jmsOverAmqpsRoutesAndAPlainClientIsRefusedWhenTlsIsRequired() throws Exception {
        try (Router router = router("TLS", tlsListener(true, false)); ServerLog log = new ServerLog()) {
            roundTrip(amqps(router.port(), null), "q1");

            String plain = refusal("amqp://127.0.0.1:" + router.port());
            assertThat(plain).as("plain client to a requireSsl listener").isNotEmpty();
            log.await("ended: plain connection refused: the listener requires TLS (requireSsl)");

            roundTrip(amqps(router.port(), null), "q1");
        }
    }

    @Test
    void withoutRequireSslTlsAndPlainClientsShareThePort() throws Exception {
        try (Router router = router("Both", tlsListener(false, false))) {
            roundTrip(amqps(router.port(), null), "both");
            roundTrip("amqp://127.0.0.1:" + router.port(), "both");
            roundTrip(amqps(router.port(), null), "both");
        }
    }

    @Test
    void aRequiredClientCertificateMustBeThereValidAndFromTheTrustedCa() throws Exception {
        try (Router router = router("Mutual", tlsListener(true, true)); ServerLog log = new ServerLog()) {
            roundTrip(amqps(router.port(), certs.client()), "m");

            // Under TLS 1.3 the client learns of the refusal only as a closed connection (the server's alert comes
            // after the client's Finished); the router's log says why.
            assertThat(refusal(amqps(router.port(), null))).as("no client certificate").isNotEmpty();
            log.await("TLS handshake failed: Empty client certificate chain");
            assertThat(refusal(amqps(router.port(), certs.expiredClient()))).as("expired client certificate")
                    .isNotEmpty();
            log.await("TLS handshake failed: PKIX path validation failed", "validity check failed");
            int before = log.lines().size();
            // The JDK client offers only a certificate from a CA the server names: from another CA, none at all.
            assertThat(refusal(amqps(router.port(), certs.otherCaClient()))).as("client certificate of another CA")
                    .isNotEmpty();
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> log.lines().subList(before, log.lines().size())
                    .stream().anyMatch(line -> line.contains("TLS handshake failed")));

            roundTrip(amqps(router.port(), certs.client()), "m");
        }
    }

    @Test
    void aConnectorChecksTheServerHostNameUnlessToldNotTo() throws Exception {
        ListenerSpec wrongHost = ListenerSpec.defaults("127.0.0.1", 0)
                .withTls(ListenerTls.of(certs.profile("wrong", certs.wrongHostServer()), true, false));
        try (Router server = router("WrongHost", wrongHost)) {
            TlsProfile trustOnly = TlsProfile.pem("client", null, null, certs.caCert());
            ConnectorSpec checking = ConnectorSpec.defaults("checking", "127.0.0.1", server.port())
                    .withRetry(50, 500).withTls(ConnectorTls.of(trustOnly, true));
            ConnectorSpec trusting = ConnectorSpec.defaults("trusting", "127.0.0.1", server.port())
                    .withRetry(50, 500).withTls(ConnectorTls.of(trustOnly, false));
            try (Router client = Router.builder().id("Dialer").ioThreads(1).connector(checking).connector(trusting)
                    .start()) {
                AmqpConnector check = client.connectors().get(0);
                AmqpConnector trust = client.connectors().get(1);
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(trust.status()).isEqualTo(Status.SUCCESS);
                    assertThat(check.status()).isEqualTo(Status.FAILED);
                    assertThat(check.statusMessage()).contains("TLS handshake failed")
                            .containsIgnoringCase("subject alternative names");
                });
                assertThat(check.connectionCount()).isZero();
            }
        }
    }

    @Test
    void aConnectorToAHostNameMatchesItAgainstTheCertificatesDnsNames() throws Exception {
        TlsProfile trustOnly = TlsProfile.pem("client", null, null, certs.caCert());
        try (Router good = router("Good", tlsListener(true, false));
             Router wrong = router("Wrong", ListenerSpec.defaults("127.0.0.1", 0)
                     .withTls(ListenerTls.of(certs.profile("wrong", certs.wrongHostServer()), true, false)));
             Router client = Router.builder().id("ByName").ioThreads(1)
                     .connector(ConnectorSpec.defaults("toGood", "localhost", good.port()).withRetry(50, 500)
                             .withTls(ConnectorTls.of(trustOnly, true)))
                     .connector(ConnectorSpec.defaults("toWrong", "localhost", wrong.port()).withRetry(50, 500)
                             .withTls(ConnectorTls.of(trustOnly, true)))
                     .start()) {
            AmqpConnector toGood = client.connectors().get(0);
            AmqpConnector toWrong = client.connectors().get(1);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(toGood.status()).as(toGood.statusMessage()).isEqualTo(Status.SUCCESS);
                assertThat(toWrong.status()).isEqualTo(Status.FAILED);
                assertThat(toWrong.statusMessage()).contains("TLS handshake failed", "localhost");
            });
        }
    }

    @Test
    void routersJoinOverMutualTlsAndOneWithAnotherCasCertificateCannot() throws Exception {
        ListenerSpec interRouter = ListenerSpec.defaults("127.0.0.1", 0).withRole(ConnectionRole.INTER_ROUTER)
                .withTls(ListenerTls.of(certs.profile("server", certs.server()), true, true));
        try (Router a = Router.builder().id("A").mode(RouterMode.INTERIOR).ioThreads(1)
                .listener("127.0.0.1", 0).listener(interRouter).start()) {
            int port = a.listenAddresses().get(1).getPort();
            TlsProfile member = certs.profile("member", certs.client());
            TlsProfile intruder = TlsProfile.pem("intruder", certs.otherCaClient().cert(),
                    certs.otherCaClient().key(), certs.caCert());
            try (Router b = Router.builder().id("B").mode(RouterMode.INTERIOR).ioThreads(1)
                    .listener("127.0.0.1", 0)
                    .connector(ConnectorSpec.defaults("toA", "127.0.0.1", port).withRole(ConnectionRole.INTER_ROUTER)
                            .withRetry(50, 500).withTls(ConnectorTls.of(member, true)))
                    .start();
                 Router c = Router.builder().id("C").mode(RouterMode.INTERIOR).ioThreads(1)
                    .listener("127.0.0.1", 0)
                    .connector(ConnectorSpec.defaults("toA", "127.0.0.1", port).withRole(ConnectionRole.INTER_ROUTER)
                            .withRetry(50, 500).withTls(ConnectorTls.of(intruder, true)))
                    .start()) {
                await().atMost(WAIT).until(() -> a.reaches("B") && b.reaches("A"));

                // Traffic crosses the TLS link: a consumer on A, a producer on B.
                JmsConnectionFactory onA = new JmsConnectionFactory("amqp://127.0.0.1:" + a.port());
                try (Connection consumerConnection = onA.createConnection()) {
                    consumerConnection.start();
                    Session session = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer consumer = session.createConsumer(session.createQueue("across"));
                    await().atMost(WAIT).until(() -> b.remoteDestinationCount("across") == 1);
                    try (Connection producerConnection = new JmsConnectionFactory("amqp://127.0.0.1:" + b.port()
                            + "?jms.forceAsyncSend=true").createConnection()) {
                        Session producing = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        producing.createProducer(producing.createQueue("across"))
                                .send(producing.createTextMessage("through mutual TLS"));
                        TextMessage received = (TextMessage) consumer.receive(10_000);
                        assertThat(received).isNotNull();
                        assertThat(received.getText()).isEqualTo("through mutual TLS");
                    }
                }

                AmqpConnector intruding = c.connectors().get(0);
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(intruding.status()).isEqualTo(Status.FAILED);
                    assertThat(intruding.statusMessage()).contains("TLS");
                });
                assertThat(intruding.connectionCount()).isZero();
                assertThat(a.reaches("C")).isFalse();
                assertThat(c.reaches("A")).isFalse();
            }
        }
    }

    @Test
    void aHandshakeThatStallsIsCutOffAfterTheTimeOut() throws Exception {
        ListenerSpec listener = ListenerSpec.defaults("127.0.0.1", 0)
                .withTls(ListenerTls.of(certs.profile("server", certs.server()), true, false)
                        .withHandshakeTimeoutMillis(500));
        try (Router router = router("Stall", listener); ServerLog log = new ServerLog()) {
            List<Socket> stalled = new ArrayList<>();
            try {
                stalled.add(new Socket("127.0.0.1", router.port()));   // sends nothing
                Socket fewBytes = new Socket("127.0.0.1", router.port());
                fewBytes.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});   // less than a record header
                stalled.add(fewBytes);
                Socket halfHello = new Socket("127.0.0.1", router.port());
                // A record header announcing 512 bytes of ClientHello, and only the first few of them.
                halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});
                stalled.add(halfHello);
                for (Socket socket : stalled) {
                    assertThat(closedByPeer(socket, Duration.ofSeconds(5))).as("socket closed by the router")
                            .isTrue();
                }
                log.await("ended: no TLS handshake within 500 ms");
                log.await("ended: TLS handshake failed: handshake timed out after 500ms");
                roundTrip(amqps(router.port(), null), "after-stall");
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    /** Whether the peer closes the socket within {@code limit} (end of stream or reset). */
    private static boolean closedByPeer(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                int read = in.read();
                if (read < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }
}
