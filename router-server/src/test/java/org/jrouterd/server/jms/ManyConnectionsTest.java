package org.jrouterd.server.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many producers at once: 200 client connections each send 50 unsettled messages to one consumer. */
@Timeout(180)
class ManyConnectionsTest {

    private static final int CONNECTIONS = 200;
    private static final int PER_CONNECTION = 50;

    @Test
    void twoHundredConnectionsSendingFiftyUnsettledMessagesEachAllArriveAndAreAccepted() throws Exception {
        int total = CONNECTIONS * PER_CONNECTION;
        try (Router router = Router.builder().id("Many").listener("127.0.0.1", 0).start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory(
                    "amqp://127.0.0.1:" + router.port() + "?jms.forceAsyncSend=true");
            List<Connection> connections = new ArrayList<>();
            ExecutorService openers = Executors.newFixedThreadPool(16);
            try {
                Connection consumerConnection = factory.createConnection();
                connections.add(consumerConnection);
                consumerConnection.start();
                Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue("many.in"));
                BitSet seen = new BitSet(total);
                AtomicInteger duplicates = new AtomicInteger();
                CountDownLatch received = new CountDownLatch(total);
                consumer.setMessageListener(message -> {
                    try {
                        int id = message.getIntProperty("sender") * PER_CONNECTION + message.getIntProperty("seq");
                        synchronized (seen) {
                            if (seen.get(id)) {
                                duplicates.incrementAndGet();
                            }
                            seen.set(id);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    received.countDown();
                });

                CountDownLatch settled = new CountDownLatch(total);
                AtomicInteger accepted = new AtomicInteger();
                ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
                CompletionListener confirmations = new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        accepted.incrementAndGet();
                        settled.countDown();
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        failures.add(exception);
                        settled.countDown();
                    }
                };
                List<Future<Connection>> senders = new ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    int sender = c;
                    senders.add(openers.submit(() -> {
                        Connection connection = factory.createConnection();
                        connection.start();
                        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        MessageProducer producer = session.createProducer(session.createQueue("many.in"));
                        for (int i = 0; i < PER_CONNECTION; i++) {
                            Message message = session.createTextMessage("from " + sender + " #" + i);
                            message.setIntProperty("sender", sender);
                            message.setIntProperty("seq", i);
                            producer.send(message, confirmations);
                        }
                        return connection;
                    }));
                }
                for (Future<Connection> sender : senders) {
                    connections.add(sender.get(60, TimeUnit.SECONDS));
                }

                assertThat(settled.await(90, TimeUnit.SECONDS)).as("every send settled").isTrue();
                assertThat(failures).isEmpty();
                assertThat(accepted).hasValue(total);
                assertThat(received.await(30, TimeUnit.SECONDS)).as("every message received").isTrue();
                assertThat(seen.cardinality()).isEqualTo(total);
                assertThat(duplicates).hasValue(0);
            } finally {
                openers.shutdownNow();
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        }
    }
}
