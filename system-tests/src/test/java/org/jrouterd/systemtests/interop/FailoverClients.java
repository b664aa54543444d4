package org.jrouterd.systemtests.interop;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.qpid.jms.JmsConnection;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.JmsConnectionListener;
import org.apache.qpid.jms.message.JmsInboundMessageDispatch;

/**
 * Qpid JMS connections that fail over between routers, as a client of a mesh in production is configured:
 * {@code failover:(amqp://127.0.0.1:P1,amqp://127.0.0.1:P2)}, tried in that order and then round, reconnecting
 * every 50 ms without back-off (a router of the mesh is always up), no idle time-out, asynchronous sends. When
 * the router it is on goes away, the client moves to the next one and re-creates its consumers and producers
 * there; sends without an outcome at that moment fail (the sender re-sends them).
 *
 * <p>Threads: the test thread; {@link #restored} is filled on Qpid JMS's threads.
 */
final class FailoverClients implements AutoCloseable {

    private static final String OPTIONS = "failover.initialReconnectDelay=0&failover.reconnectDelay=50"
            + "&failover.useReconnectBackOff=false&failover.nested.amqp.idleTimeout=0&jms.forceAsyncSend=true";

    private final List<Connection> connections = new ArrayList<>();
    /** Each reconnection, as "{@code <name> -> <uri>}", in order. */
    final List<String> restored = new CopyOnWriteArrayList<>();

    /** The failover URI over the client ports {@code ports}, in that order. */
    static String uri(int... ports) {
        return Arrays.stream(ports).mapToObj(port -> "amqp://127.0.0.1:" + port)
                .collect(Collectors.joining(",", "failover:(", ")?" + OPTIONS));
    }

    /** A session on a new started failover connection over {@code ports}, named {@code name} in {@link #restored}. */
    Session session(String name, int... ports) throws JMSException {
        Connection connection = new JmsConnectionFactory(uri(ports)).createConnection();
        connections.add(connection);
        ((JmsConnection) connection).addConnectionListener(new Reconnections(name));
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public void close() throws JMSException {
        JMSException first = null;
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        connections.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Records reconnections into {@link #restored}; ignores the other events. */
    private final class Reconnections implements JmsConnectionListener {
        private final String name;

        Reconnections(String name) {
            this.name = name;
        }

        @Override
        public void onConnectionRestored(URI remoteURI) {
            restored.add(name + " -> " + remoteURI.getAuthority());
        }

        @Override
        public void onConnectionEstablished(URI remoteURI) {
        }

        @Override
        public void onConnectionFailure(Throwable error) {
        }

        @Override
        public void onConnectionInterrupted(URI remoteURI) {
        }

        @Override
        public void onInboundMessage(JmsInboundMessageDispatch envelope) {
        }

        @Override
        public void onSessionClosed(Session session, Throwable cause) {
        }

        @Override
        public void onConsumerClosed(MessageConsumer consumer, Throwable cause) {
        }

        @Override
        public void onProducerClosed(MessageProducer producer, Throwable cause) {
        }
    }
}
