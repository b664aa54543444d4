package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Qpid JMS connections to the routers of a mesh, closed together. Sends are asynchronous: through a router,
 * settlement is end to end, so a synchronous send would wait for the consumer, and the outcome a producer gets is
 * the consumer's.
 *
 * <p>Threads: the test thread; the recorders are safe for JMS callback threads.
 */
final class JmsClients implements AutoCloseable {

    /** The message property that numbers the messages of a test. */
    static final String SEQ = "seq";

    private final List<Connection> connections = new ArrayList<>();

    /** A started connection to a router's client port (no idle time-out: a test may pause a router). */
    Connection connect(int port) throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + port
                + "?jms.forceAsyncSend=true&amqp.idleTimeout=0");
        Connection connection = factory.createConnection();
        connections.add(connection);
        connection.start();
        return connection;
    }

    /** A session of its own on a new connection to {@code port}. */
    Session session(int port) throws JMSException {
        return connect(port).createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** A consumer of {@code address} on {@code port} that records what it receives. */
    Received receive(int port, String address) throws JMSException {
        Session session = session(port);
        MessageConsumer consumer = session.createConsumer(session.createQueue(address));
        Received received = new Received(consumer);
        consumer.setMessageListener(received::add);
        return received;
    }

    /**
     * Sends {@code count} unsettled (non-persistent, so not pre-settled: JMS waits for the outcome) text messages
     * numbered {@code first..first+count-1} to {@code address} on {@code port}; returns their outcomes.
     */
    Outcomes send(int port, String address, int first, int count) throws JMSException {
        return send(session(port), address, first, count, Message.DEFAULT_PRIORITY, 0);
    }

    /** As {@link #send(int, String, int, int)} on a given session, priority and body size (0: a short text). */
    static Outcomes send(Session session, String address, int first, int count, int priority, int bodySize)
            throws JMSException {
        MessageProducer producer = session.createProducer(session.createQueue(address));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.setPriority(priority);
        Outcomes outcomes = new Outcomes(count);
        String body = bodySize == 0 ? null : "x".repeat(bodySize);
        for (int seq = first; seq < first + count; seq++) {
            TextMessage message = session.createTextMessage(body == null ? "message " + seq : body);
            message.setIntProperty(SEQ, seq);
            producer.send(message, outcomes);
        }
        return outcomes;
    }

    @Override
    public void close() throws JMSException {
        JMSException first = null;
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        connections.clear();
        if (first != null) {
            throw first;
        }
    }

    static int seq(Message message) {
        try {
            return message.getIntProperty(SEQ);
        } catch (JMSException e) {
            throw new IllegalStateException("a message without " + SEQ, e);
        }
    }

    /** The outcomes of asynchronous sends, by {@link #SEQ}. */
    static final class Outcomes implements CompletionListener {
        private final CountDownLatch done;
        final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();

        Outcomes(int count) {
            done = new CountDownLatch(count);
        }

        @Override
        public void onCompletion(Message message) {
            accepted.add(seq(message));
            done.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failed.add(seq(message));
            done.countDown();
        }

        /** Waits until every send has an outcome; false on timeout. */
        boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits for every outcome and asserts that all {@code count} sends were accepted. */
        void assertAllAccepted(int count, Duration timeout, String what) throws InterruptedException {
            assertThat(await(timeout))
                    .as("every send has an outcome: %s", what).isTrue();
            assertThat(failed).as("sends not accepted: %s", what).isEmpty();
            assertThat(accepted).as(what).hasSize(count);
        }
    }

    /** What a consumer received: the sequence numbers in arrival order, and the duplicates among them. */
    static final class Received {
        private final MessageConsumer consumer;
        final ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        final Set<Integer> seen = ConcurrentHashMap.newKeySet();
        final AtomicInteger duplicates = new AtomicInteger();
        final ConcurrentLinkedQueue<Integer> priorities = new ConcurrentLinkedQueue<>();
        final AtomicInteger bodyBytes = new AtomicInteger();

        Received(MessageConsumer consumer) {
            this.consumer = consumer;
        }

        void add(Message message) {
            int seq = seq(message);
            order.add(seq);
            if (!seen.add(seq)) {
                duplicates.incrementAndGet();
            }
            try {
                priorities.add(message.getJMSPriority());
                if (message instanceof TextMessage text && text.getText() != null) {
                    bodyBytes.addAndGet(text.getText().length());
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }

        int count() {
            return order.size();
        }

        /** Detaches the consumer (its connection stays). */
        void stop() throws JMSException {
            consumer.close();
        }
    }
}
