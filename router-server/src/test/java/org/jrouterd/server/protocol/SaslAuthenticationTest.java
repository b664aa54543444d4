package org.jrouterd.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.jrouterd.server.protocol.RawAmqpSocket.AMQP_HEADER;
import static org.jrouterd.server.protocol.RawAmqpSocket.SASL_HEADER;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.security.SaslChallenge;
import org.apache.qpid.proton.amqp.security.SaslCode;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.security.SaslMechanisms;
import org.apache.qpid.proton.amqp.security.SaslOutcome;
import org.apache.qpid.proton.amqp.transport.Open;
import org.jrouterd.server.Router;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.server.ListenerSpec;
import org.jrouterd.transport.sasl.users.UserCredentials;
import org.jrouterd.transport.sasl.users.UserTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL on a listener that requires authentication, against a user store: real clients (Qpid JMS) log in with
 * SCRAM-SHA-256 and, where the listener allows it without TLS, PLAIN; every refusal (bad password, unknown user,
 * a client that skips SASL, ANONYMOUS, PLAIN without TLS, a garbled SASL frame, a client that stalls mid-exchange)
 * gets outcome {@code auth} or a closed socket, and a client logged in before still carries messages after each.
 * A connector authenticates to another router with SCRAM.
 */
@Timeout(90)
class SaslAuthenticationTest {

    private static final List<String> SECURE_MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN",
            "ANONYMOUS");
    private static final byte[] GOOD_PLAIN = "\0alice\0s3cret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;
    private Path store;
    private Router router;
    /** Requires authentication; PLAIN only over TLS (so not here). */
    private int securePort;
    /** Requires authentication; PLAIN allowed without TLS. */
    private int plainPort;
    private final List<Connection> connections = new ArrayList<>();
    private Connection healthy;

    @BeforeEach
    void startRouterWithAUserStore() throws Exception {
        store = folder.resolve("users.txt");
        Files.writeString(store, UserTable.empty()
                .with(UserCredentials.create("alice", "s3cret", 4096, new SecureRandom())).format());
        ListenerSpec secure = ListenerSpec.defaults(PeerScripts.HOST, 0).withIdleTimeoutSeconds(2)
                .withSasl(SECURE_MECHANISMS, true, false);
        ListenerSpec plain = ListenerSpec.defaults(PeerScripts.HOST, 0).withIdleTimeoutSeconds(2).withSasl(List.of("PLAIN"), true, true);
        router = Router.builder().id("Router.Sasl").ioThreads(2).userStore(store).listener(secure).listener(plain)
                .start();
        securePort = router.listenAddresses().get(0).getPort();
        plainPort = router.listenAddresses().get(1).getPort();
        healthy = jms(securePort, "SCRAM-SHA-256", "alice", "s3cret");
        assertCarriesMessages(healthy);
    }

    @AfterEach
    void stop() {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // already gone
            }
        }
        router.close();
    }

    private Connection jms(int port, String mechanism, String user, String password) throws Exception {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + port
                + "?amqp.saslMechanisms=" + mechanism + "&jms.forceAsyncSend=true&jms.requestTimeout=10000&jms.sendTimeout=10000"
                + "&jms.connectTimeout=10000&jms.closeTimeout=5000");
        Connection connection = factory.createConnection(user, password);
        connections.add(connection);
        connection.start();
        return connection;
    }

    private static void assertCarriesMessages(Connection connection) throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            jakarta.jms.Queue queue = session.createQueue("sasl.test." + System.nanoTime());
            MessageConsumer consumer = session.createConsumer(queue);
            session.createProducer(queue).send(session.createTextMessage("still here"));
            Message received = consumer.receive(10_000);
            assertThat(received).isInstanceOfSatisfying(TextMessage.class,
                    text -> assertThat(readText(text)).isEqualTo("still here"));
        } finally {
            session.close();
        }
    }

    private static String readText(TextMessage message) {
        try {
            return message.getText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SaslInit init(String mechanism, byte[] response) {
        SaslInit init = new SaslInit();
        init.setMechanism(Symbol.valueOf(mechanism));
        init.setInitialResponse(new Binary(response));
        return init;
    }

    private static List<Object> saslExchange(int port, byte[]... frames) throws IOException {
        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(port, RawAmqpSocket.concat(SASL_HEADER,
                RawAmqpSocket.concat(frames)));
        assertThat(RawAmqpSocket.header(reply)).isEqualTo(SASL_HEADER);
        // After a failed outcome proton-j has queued the AMQP header of the next layer; the socket closes after it.
        int end = reply.length;
        if (end >= 16 && Arrays.equals(Arrays.copyOfRange(reply, end - 8, end), AMQP_HEADER)) {
            end -= 8;
        }
        return RawAmqpSocket.framesAfterHeader(Arrays.copyOf(reply, end));
    }

    private static List<String> offered(List<Object> frames) {
        assertThat(frames.get(0)).isInstanceOf(SaslMechanisms.class);
        return Arrays.stream(((SaslMechanisms) frames.get(0)).getSaslServerMechanisms()).map(Symbol::toString)
                .toList();
    }

    private static void assertAuthOutcome(List<Object> frames) {
        assertThat(frames.get(frames.size() - 1)).isInstanceOfSatisfying(SaslOutcome.class,
                outcome -> assertThat(outcome.getCode()).isEqualTo(SaslCode.AUTH));
        assertThat(frames).noneMatch(frame -> frame instanceof Open);
    }

    /** The connection entities of {@code user}'s connections, read through management. */
    private List<Map<String, Object>> connectionsOf(String user) throws Exception {
        Session session = healthy.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            MapMessage request = session.createMapMessage();
            request.setStringProperty("operation", "QUERY");
            request.setStringProperty("type", "org.amqp.management");
            request.setStringProperty("entityType", "org.apache.qpid.dispatch.connection");
            request.setJMSReplyTo(replies);
            session.createProducer(session.createQueue("$management")).send(request);
            Message response = consumer.receive(10_000);
            assertThat(response).as("management response").isInstanceOf(jakarta.jms.ObjectMessage.class);
            Map<?, ?> body = (Map<?, ?>) ((jakarta.jms.ObjectMessage) response).getObject();
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) body.get("attributeNames");
            @SuppressWarnings("unchecked")
            List<List<Object>> results = (List<List<Object>>) body.get("results");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (List<Object> row : results) {
                if (user.equals(row.get(names.indexOf("user")))) {
                    rows.add(Map.of("user", user, "isAuthenticated", row.get(names.indexOf("isAuthenticated")),
                            "sasl", row.get(names.indexOf("sasl")),
                            "isEncrypted", row.get(names.indexOf("isEncrypted"))));
                }
            }
            return rows;
        } finally {
            session.close();
        }
    }

    @Test
    void scramClientLogsInAndManagementShowsItsIdentity() throws Exception {
        assertThat(connectionsOf("alice")).containsExactly(Map.of("user", "alice", "isAuthenticated", true,
                "sasl", "SCRAM-SHA-256", "isEncrypted", false));
        Connection sha512 = jms(securePort, "SCRAM-SHA-512", "alice", "s3cret");
        assertCarriesMessages(sha512);
    }

    @Test
    void plainLogsInWhereTheListenerAllowsItWithoutTls() throws Exception {
        assertCarriesMessages(jms(plainPort, "PLAIN", "alice", "s3cret"));
    }

    @Test
    void badPasswordAndUnknownUserAreRefusedWithOutcomeAuth() throws Exception {
        assertThatThrownBy(() -> jms(securePort, "SCRAM-SHA-256", "alice", "wrong"))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> jms(securePort, "SCRAM-SHA-256", "mallory", "s3cret"))
                .isInstanceOf(JMSSecurityException.class);
        assertAuthOutcome(saslExchange(plainPort, RawAmqpSocket.saslFrame(
                init("PLAIN", "\0alice\0wrong".getBytes(StandardCharsets.UTF_8)))));
        assertAuthOutcome(saslExchange(plainPort, RawAmqpSocket.saslFrame(
                init("PLAIN", "\0mallory\0s3cret".getBytes(StandardCharsets.UTF_8)))));
        assertCarriesMessages(healthy);
    }

    @Test
    void authenticatePeerOffersNoAnonymousAndRefusesAClientThatSkipsSasl() throws Exception {
        List<Object> frames = saslExchange(securePort, RawAmqpSocket.saslFrame(init("ANONYMOUS", new byte[0])));
        assertThat(offered(frames)).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-512");
        assertAuthOutcome(frames);

        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(securePort, RawAmqpSocket.concat(AMQP_HEADER,
                RawAmqpSocket.amqpFrame(0, new Open())));
        assertThat(RawAmqpSocket.header(reply)).as("the router insists on SASL").isEqualTo(SASL_HEADER);
        assertThat(RawAmqpSocket.framesAfterHeader(reply)).noneMatch(frame -> frame instanceof Open);
        assertCarriesMessages(healthy);
    }

    @Test
    void plainWithoutTlsIsNotOfferedAndIsRefusedEvenWithTheRightPassword() throws Exception {
        List<Object> frames = saslExchange(securePort, RawAmqpSocket.saslFrame(init("PLAIN", GOOD_PLAIN)));
        assertThat(offered(frames)).doesNotContain("PLAIN");
        assertAuthOutcome(frames);
        assertThatThrownBy(() -> jms(securePort, "PLAIN", "alice", "s3cret")).isInstanceOf(Exception.class);
        assertCarriesMessages(healthy);
    }

    @Test
    void aGarbledSaslFrameMidExchangeClosesOnlyThatConnection() throws Exception {
        byte[] garbled = RawAmqpSocket.frame(RawAmqpSocket.SASL_FRAME, 0, new byte[] {0x00, 0x53, 0x43, (byte) 0xFF});
        List<Object> frames = saslExchange(securePort,
                RawAmqpSocket.saslFrame(init("SCRAM-SHA-256", "n,,n=alice,r=abcdef".getBytes(StandardCharsets.UTF_8))),
                garbled);
        assertThat(frames.get(1)).as("server-first-message").isInstanceOf(SaslChallenge.class);
        assertThat(frames).noneMatch(frame -> frame instanceof SaslOutcome outcome
                && outcome.getCode() == SaslCode.OK);
        // A frame cut short, then nothing: the stall timer closes it.
        byte[] truncated = Arrays.copyOf(RawAmqpSocket.saslFrame(init("PLAIN", GOOD_PLAIN)), 12);
        saslExchange(plainPort, truncated);
        assertCarriesMessages(healthy);
    }

    @Test
    void aClientThatStallsMidExchangeIsCutOff() throws Exception {
        long started = System.nanoTime();
        List<Object> frames = saslExchange(securePort,
                RawAmqpSocket.saslFrame(init("SCRAM-SHA-256", "n,,n=alice,r=abcdef".getBytes(StandardCharsets.UTF_8))));
        assertThat(frames.get(1)).isInstanceOf(SaslChallenge.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("closed by the 2 s handshake time-out")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertCarriesMessages(healthy);
    }

    @Test
    void userAddedToTheStoreCanLogInWithoutARestart() throws Exception {
        assertThatThrownBy(() -> jms(securePort, "SCRAM-SHA-256", "bob", "b0b")).isInstanceOf(JMSSecurityException.class);
        Path next = folder.resolve("users.new");
        Files.writeString(next, UserTable.parse(Files.readString(store))
                .with(UserCredentials.create("bob", "b0b", 4096, new SecureRandom())).format());
        Files.move(next, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertCarriesMessages(jms(securePort, "SCRAM-SHA-256", "bob", "b0b"));
    }

    @Test
    void connectorAuthenticatesToAnotherRouterWithScramAndFailsWithAWrongPassword() {
        ConnectorSpec good = ConnectorSpec.defaults("toSecure", "127.0.0.1", securePort).withRetry(50, 500)
                .withSasl(List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"), "alice", "s3cret");
        ConnectorSpec bad = ConnectorSpec.defaults("toSecureBadly", "127.0.0.1", securePort).withRetry(50, 500)
                .withSasl(List.of("SCRAM-SHA-256"), "alice", "nope");
        try (Router client = Router.builder().id("Router.Client").ioThreads(1).connector(good).connector(bad)
                .start()) {
            AmqpConnector goodConnector = client.connectors().get(0);
            AmqpConnector badConnector = client.connectors().get(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(goodConnector.status()).isEqualTo(AmqpConnector.Status.SUCCESS));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(badConnector.statusMessage()).contains("SASL authentication failed"));
            assertThat(badConnector.status()).isNotEqualTo(AmqpConnector.Status.SUCCESS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(connectionsOf("alice")).anySatisfy(row ->
                            assertThat(row).containsEntry("sasl", "SCRAM-SHA-512")
                                    .containsEntry("isAuthenticated", true)));
            assertThat(client.connectors()).hasSize(2);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void interiorRoutersJoinOverAnInterRouterConnectionAuthenticatedWithScram() throws Exception {
        ListenerSpec interRouter = ListenerSpec.defaults(PeerScripts.HOST, 0)
                .withRole(org.jrouterd.transport.server.ConnectionRole.INTER_ROUTER)
                .withSasl(List.of("SCRAM-SHA-512", "SCRAM-SHA-256"), true, false);
        try (Router b = Router.builder().id("Router.B").mode(org.jrouterd.server.RouterMode.INTERIOR).ioThreads(1)
                .userStore(store).listener(interRouter).start()) {
            int port = b.listenAddresses().get(0).getPort();
            ConnectorSpec toB = ConnectorSpec.defaults("toB", "127.0.0.1", port)
                    .withRole(org.jrouterd.transport.server.ConnectionRole.INTER_ROUTER).withRetry(50, 500)
                    .withSasl(List.of("SCRAM-SHA-512", "SCRAM-SHA-256"), "alice", "s3cret");
            ConnectorSpec intruder = ConnectorSpec.defaults("intruder", "127.0.0.1", port)
                    .withRole(org.jrouterd.transport.server.ConnectionRole.INTER_ROUTER).withRetry(50, 500)
                    .withSasl(List.of("SCRAM-SHA-256"), "alice", "guess");
            try (Router a = Router.builder().id("Router.A").mode(org.jrouterd.server.RouterMode.INTERIOR)
                    .ioThreads(1).connector(toB).start();
                 Router c = Router.builder().id("Router.C").mode(org.jrouterd.server.RouterMode.INTERIOR)
                    .ioThreads(1).connector(intruder).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> a.reaches("Router.B") && b.reaches("Router.A"));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(c.connectors().get(0).statusMessage()).contains("SASL authentication failed"));
                assertThat(b.reaches("Router.C")).as("a router with a wrong password cannot join").isFalse();
                assertThat(c.reaches("Router.B")).isFalse();
            }
        }
    }
}
