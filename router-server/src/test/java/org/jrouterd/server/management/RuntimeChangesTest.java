package org.jrouterd.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runtime CREATE, UPDATE and DELETE through real AMQP management requests to an embedded router. */
@Timeout(60)
class RuntimeChangesTest {

    private Router router;
    private ManagementClient management;
    private final List<Connection> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        router = Router.builder().id("RT").listener("127.0.0.1", 0).start();
        management = new ManagementClient(router.port());
    }

    @AfterEach
    void stop() throws Exception {
        for (Connection client : clients) {
            try {
                client.close();
            } catch (JMSException closedAlready) {
                // closed by the router in the test
            }
        }
        management.close();
        router.close();
    }

    private Connection client(int port, AtomicReference<JMSException> failure) throws JMSException {
        return client(port, failure, null);
    }

    private Connection client(int port, AtomicReference<JMSException> failure, String clientId)
            throws JMSException {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        if (failure != null) {
            connection.setExceptionListener((ExceptionListener) failure::set);
        }
        connection.start();
        clients.add(connection);
        return connection;
    }

    @Test
    void createdListenerAcceptsClientsAndItsDeletionClosesThem() throws Exception {
        ManagementClient.Response created = management.create("listener", "L2",
                Map.of("host", "127.0.0.1", "port", "0"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.description()).isEqualTo("Created");
        int port = Integer.parseInt((String) created.body().get("port"));
        assertThat(created.body()).containsEntry("name", "L2")
                .containsEntry("identity", "listener/127.0.0.1:" + port + ":L2")
                .containsEntry("role", "normal")
                .containsEntry("type", "org.apache.qpid.dispatch.listener");
        assertThat(management.request("QUERY", "org.amqp.management", Map.of(), Map.of()).status())
                .isEqualTo(200);

        AtomicReference<JMSException> failure = new AtomicReference<>();
        Connection client = client(port, failure);
        client.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(
                client.createSession(false, Session.AUTO_ACKNOWLEDGE).createQueue("q"));

        ManagementClient.Response deleted = management.delete("listener", "listener/127.0.0.1:" + port + ":L2");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        Conditions.await("the client's connection is closed", () -> failure.get() != null);
        assertThat(management.read("listener", "listener/127.0.0.1:" + port + ":L2").status()).isEqualTo(404);
        AtomicReference<JMSException> refused = new AtomicReference<>();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client(port, refused))
                .isInstanceOf(JMSException.class);
    }

    @Test
    void listenerCreateRefusesBadValuesAndDuplicateNamesAs400() throws Exception {
        ManagementClient.Response badRole = management.create("listener", null,
                Map.of("host", "127.0.0.1", "port", "0", "role", "xyz"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.description()).startsWith("listener: attribute 'role': ").doesNotContain(":0");
        assertThat(management.create("listener", "dup", Map.of("host", "127.0.0.1", "port", "0")).status())
                .isEqualTo(201);
        assertThat(management.create("listener", "dup", Map.of("host", "127.0.0.1", "port", "0")).status())
                .isEqualTo(400);
    }

    @Test
    void connectionUpdateAdminStatusDeletedClosesIt() throws Exception {
        AtomicReference<JMSException> failure = new AtomicReference<>();
        Connection client = client(router.port(), failure, "kick-me");
        client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        ManagementClient.Response query = management.request("QUERY", "org.amqp.management",
                Map.of("entityType", "connection"), Map.of());
        String identity = connectionOf(query, "kick-me");

        ManagementClient.Response updated = management.update("connection", identity,
                Map.of("adminStatus", "deleted"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body()).containsEntry("adminStatus", "deleted").containsEntry("operStatus", "closing");
        Conditions.await("the client is closed", () -> failure.get() != null);
        Conditions.await("the connection is gone", () -> management.read("connection", identity).status() == 404);
    }

    @SuppressWarnings("unchecked")
    private String connectionOf(ManagementClient.Response query, String container) {
        List<Object> names = (List<Object>) query.body().get("attributeNames");
        for (List<Object> row : (List<List<Object>>) query.body().get("results")) {
            if (container.equals(row.get(names.indexOf("container")))) {
                return (String) row.get(names.indexOf("identity"));
            }
        }
        throw new AssertionError("no connection of container " + container + " in " + query.body());
    }

    @Test
    void multicastAddressCreatedAtRunTimeGivesEveryConsumerEachNewMessage() throws Exception {
        Connection client = client(router.port(), null);
        Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer first = session.createConsumer(session.createQueue("news.today"));
        MessageConsumer second = session.createConsumer(session.createQueue("news.today"));
        MessageProducer producer = session.createProducer(session.createQueue("news.today"));
        // Asynchronous sends: the consumers share the session and accept only when the test receives.
        producer.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
        Conditions.await("both consumers attached", () -> router.consumerCount("news.today") == 2);

        ManagementClient.Response created = management.create("address", "news",
                Map.of("prefix", "news", "distribution", "multicast"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).containsEntry("distribution", "multicast").containsEntry("prefix", "news");
        producer.send(session.createTextMessage("one"));
        assertThat(text(first.receive(5000))).isEqualTo("one");
        assertThat(text(second.receive(5000))).isEqualTo("one");

        assertThat(management.delete("address", (String) created.body().get("identity")).status()).isEqualTo(204);
        // The new route reaches the producer's event loop as a task, which may run after a message already read:
        // so probe until a message reaches one consumer only (balanced again), with a deadline.
        Conditions.await("a new message goes to one consumer only", () -> {
            producer.send(session.createTextMessage("probe"));
            int copies = (first.receive(300) != null ? 1 : 0) + (second.receive(300) != null ? 1 : 0);
            return copies == 1;
        });
    }

    private static String text(Message message) throws JMSException {
        return message == null ? null : ((TextMessage) message).getText();
    }

    @Test
    void typesWithoutRuntimeCreationAnswer501NamingTheType() throws Exception {
        ManagementClient.Response response = management.create("autoLink", null,
                Map.of("address", "q", "direction", "in", "connection", "c"));
        assertThat(response.status()).isEqualTo(501);
        assertThat(response.description()).contains("org.apache.qpid.dispatch.router.config.autoLink");
    }

    @Test
    void logUpdateChangesAModulesLevelLive() throws Exception {
        String before = org.jrouterd.server.logging.LiveLevels.enabled("ROUTER_LS");
        try {
            ManagementClient.Response updated = management.update("log", "log/ROUTER_LS",
                    Map.of("enable", "debug+"));
            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.body()).containsEntry("enable", "debug+").containsEntry("module", "ROUTER_LS");
            assertThat(org.slf4j.LoggerFactory.getLogger("ROUTER_LS").isDebugEnabled()).isTrue();
            assertThat(management.read("log", "log/ROUTER_LS").body()).containsEntry("enable", "debug+");
            assertThat(management.update("log", "log/ROUTER_LS", Map.of("enable", "loud")).status())
                    .isEqualTo(400);
        } finally {
            org.jrouterd.server.logging.LiveLevels.set("ROUTER_LS", before);
        }
    }
}
