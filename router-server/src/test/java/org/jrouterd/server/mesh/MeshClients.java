package org.jrouterd.server.mesh;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Qpid JMS connections to the routers of a mesh, closed together. Sends are asynchronous: through a router,
 * settlement is end to end, so a synchronous send would wait for the consumer.
 *
 * <p>Threads: the test thread; the counters are safe for JMS callback threads.
 */
final class MeshClients implements AutoCloseable {

    private final List<Connection> connections = new ArrayList<>();

    /** A started connection to a router's client port. */
    Connection connect(int port) throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + port
                + "?jms.forceAsyncSend=true&amqp.idleTimeout=0");
        Connection connection = factory.createConnection();
        connections.add(connection);
        connection.start();
        return connection;
    }

    @Override
    public void close() throws JMSException {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    /** Counts async-send outcomes by the message's {@code seq} property. */
    static final class Confirmations implements CompletionListener {
        final CountDownLatch done;
        final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
        final AtomicInteger failures = new AtomicInteger();

        Confirmations(int count) {
            done = new CountDownLatch(count);
        }

        @Override
        public void onCompletion(Message message) {
            accepted.add(seq(message));
            done.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failures.incrementAndGet();
            failed.add(seq(message));
            done.countDown();
        }
    }

    /** Records what a consumer received, by {@code seq}, and counts duplicates. */
    static final class Received {
        final Set<Integer> seen = ConcurrentHashMap.newKeySet();
        final AtomicInteger total = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        volatile long lastAtNanos;

        void add(Message message) {
            total.incrementAndGet();
            lastAtNanos = System.nanoTime();
            if (!seen.add(seq(message))) {
                duplicates.incrementAndGet();
            }
        }
    }

    static int seq(Message message) {
        try {
            return message.getIntProperty("seq");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
