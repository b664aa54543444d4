package org.jrouterd.server.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Qpid JMS, a real AMQP 1.0 client, against an embedded router. */
@Timeout(120)
class JmsRoutingTest {

    private Router router;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void startRouter() {
        router = Router.builder().id("JMS")
                .listener("127.0.0.1", 0)
                .address(AddressConfig.prefix("multicast", Distribution.MULTICAST))
                .start();
    }

    @AfterEach
    void stopRouter() throws Exception {
        for (Connection connection : connections) {
            connection.close();
        }
        router.close();
    }

    private Connection connect() throws Exception {
        // Settlement is end to end through a router: a synchronous send waits until the consumer accepts. With
        // request/reply in one test that would deadlock (the server's reply waits on the client, which is still
        // inside its own send), so sends are asynchronous and completions are counted where they matter.
        JmsConnectionFactory factory = new JmsConnectionFactory(
                "amqp://127.0.0.1:" + router.port() + "?jms.forceAsyncSend=true");
        Connection connection = factory.createConnection();
        connections.add(connection);
        connection.start();
        return connection;
    }

    /** Counts async-send completions; every send must be accepted. */
    private static final class Confirmations implements CompletionListener {
        final CountDownLatch done;
        final AtomicInteger accepted = new AtomicInteger();
        final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();

        Confirmations(int count) {
            done = new CountDownLatch(count);
        }

        @Override
        public void onCompletion(Message message) {
            accepted.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failures.add(exception);
            done.countDown();
        }
    }

    @Test
    void queueDeliversTenThousandMessagesWithNothingLost() throws Exception {
        int count = 10_000;
        Session receiving = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = receiving.createConsumer(receiving.createQueue("jms.orders"));
        Set<Integer> seen = new HashSet<>();
        CountDownLatch all = new CountDownLatch(count);
        AtomicInteger duplicates = new AtomicInteger();
        consumer.setMessageListener(message -> {
            try {
                synchronized (seen) {
                    if (!seen.add(message.getIntProperty("seq"))) {
                        duplicates.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            all.countDown();
        });

        Session sending = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = sending.createProducer(sending.createQueue("jms.orders"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        Confirmations confirmations = new Confirmations(count);
        for (int i = 0; i < count; i++) {
            TextMessage message = sending.createTextMessage("order " + i);
            message.setIntProperty("seq", i);
            producer.send(message, confirmations);
        }

        assertThat(confirmations.done.await(60, TimeUnit.SECONDS)).as("all sends settled").isTrue();
        assertThat(confirmations.failures).isEmpty();
        assertThat(confirmations.accepted).hasValue(count);
        assertThat(all.await(60, TimeUnit.SECONDS)).as("all messages received").isTrue();
        assertThat(seen).hasSize(count);
        assertThat(duplicates).hasValue(0);
    }

    @Test
    void aReceiverIsRoutedToAsSoonAsItsAttachIsAnswered() throws Exception {
        // A client that attaches a receiver and at once sends to it (an RPC caller's reply-to, answered through an
        // anonymous sender) must find the route there: the router answers the attach only after its core routes
        // the address to the new link. Checked right when createConsumer returns, with no wait, many times over.
        Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer anonymous = session.createProducer(null);
        int rounds = 200;
        Confirmations confirmations = new Confirmations(rounds);
        List<MessageConsumer> receivers = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            TemporaryQueue inbox = session.createTemporaryQueue();
            MessageConsumer receiver = session.createConsumer(inbox);
            assertThat(router.consumerCount(inbox.getQueueName())).as("round %d", i).isEqualTo(1);
            anonymous.send(inbox, session.createTextMessage("at once " + i), confirmations);
            receivers.add(receiver);
        }
        for (MessageConsumer receiver : receivers) {
            assertThat(receiver.receive(10_000)).isNotNull();   // and acknowledged: the sends can complete
        }
        assertThat(confirmations.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(confirmations.failures).isEmpty();
        assertThat(confirmations.accepted).hasValue(rounds);
    }

    @Test
    void requestReplyUsesATemporaryQueueAndAnAnonymousProducer() throws Exception {
        Session serverSession = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer requests = serverSession.createConsumer(serverSession.createQueue("rpc.service"));
        MessageProducer replies = serverSession.createProducer(null);
        requests.setMessageListener(request -> {
            try {
                TextMessage reply = serverSession.createTextMessage(
                        ((TextMessage) request).getText().toUpperCase());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Session clientSession = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replyTo = clientSession.createTemporaryQueue();
        MessageConsumer replyConsumer = clientSession.createConsumer(replyTo);
        MessageProducer requestProducer = clientSession.createProducer(clientSession.createQueue("rpc.service"));
        for (int i = 0; i < 20; i++) {
            TextMessage request = clientSession.createTextMessage("request " + i);
            request.setJMSReplyTo(replyTo);
            requestProducer.send(request);
            Message reply = replyConsumer.receive(10_000);
            assertThat(reply).as("reply %d", i).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) reply).getText()).isEqualTo("REQUEST " + i);
            assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
        }
    }

    @Test
    void multicastDeliversEachMessageOnceToEachOfThreeConsumers() throws Exception {
        int count = 500;
        Connection consumerConnection = connect();
        List<List<String>> received = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(3 * count);
        for (int c = 0; c < 3; c++) {
            Session session = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("multicast.news");
            List<String> mine = new java.util.concurrent.CopyOnWriteArrayList<>();
            received.add(mine);
            session.createConsumer(topic).setMessageListener(message -> {
                try {
                    mine.add(((TextMessage) message).getText());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                all.countDown();
            });
        }
        // The consumers' attaches reach the core asynchronously: wait until the route has all three.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> router.consumerCount("multicast.news") == 3);
        assertThat(router.activeAddressCount()).isEqualTo(1);

        Session sending = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Destination topic = sending.createTopic("multicast.news");
        MessageProducer producer = sending.createProducer(topic);
        Confirmations confirmations = new Confirmations(count);
        for (int i = 0; i < count; i++) {
            producer.send(sending.createTextMessage("news " + i), confirmations);
        }
        assertThat(confirmations.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(confirmations.failures).isEmpty();
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        for (List<String> mine : received) {
            assertThat(mine).hasSize(count).doesNotHaveDuplicates();
        }
    }
}
