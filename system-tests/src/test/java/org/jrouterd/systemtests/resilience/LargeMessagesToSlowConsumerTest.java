package org.jrouterd.systemtests.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A legal producer sends 20 messages of 50 MiB, unsettled, to a consumer with credit 2, through a router whose
 * heap is 256 MiB. Before the router held message bytes to a budget, it read every message the producer had credit
 * for into its heap, ran out of memory inside proton's frame writer and released everything, including a message
 * the consumer had already received. Now it must deliver every message once, intact, with every outcome accepted.
 */
@Timeout(100)
class LargeMessagesToSlowConsumerTest {

    private static final int COUNT = 20;
    private static final int SIZE = 50 * 1024 * 1024;
    /** Sends the producer keeps outstanding: far more than the consumer's credit, so the router must push back. */
    private static final int PRODUCER_WINDOW = 8;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void twentyMessagesOfFiftyMebibytesReachACreditTwoConsumerThroughA256MebibyteRouter() throws Exception {
        try (RouterProcess router = RouterProcess.start("Big", logs.path(),
                List.of(Jrouterd.launcher().toString(), "--listen", "127.0.0.1:0", "--id", "Big"), System.getProperty("bigTestHeap", "-Xmx256m") + " " + System.getProperty("bigTestJvm", ""))) {
            Connection consumerConnection = connect(router.port(), "jms.prefetchPolicy.all=2");
            Connection producerConnection = connect(router.port(), "jms.forceAsyncSend=true");
            try {
                Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue("big"));
                Set<Integer> received = ConcurrentHashMap.newKeySet();
                ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
                Thread reader = new Thread(() -> read(consumer, received, problems), "slow-consumer");
                reader.start();

                Session producerSession = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = producerSession.createProducer(producerSession.createQueue("big"));
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);   // unsettled, outcome awaited asynchronously
                Outcomes outcomes = new Outcomes();
                byte[] body = new byte[SIZE];
                for (int seq = 0; seq < COUNT; seq++) {
                    outcomes.window.acquire();
                    fill(body, seq);
                    BytesMessage message = producerSession.createBytesMessage();
                    message.writeBytes(body);
                    message.setIntProperty("seq", seq);
                    producer.send(message, outcomes);
                }
                assertThat(outcomes.done.await(180, TimeUnit.SECONDS)).as("every send has an outcome").isTrue();
                reader.join(TimeUnit.SECONDS.toMillis(60));

                assertThat(problems).as("content problems").isEmpty();
                assertThat(outcomes.failed).as("sends that did not end accepted").isEmpty();
                assertThat(outcomes.accepted).hasSize(COUNT);
                assertThat(received).as("each message received once").hasSize(COUNT);
                assertThat(router.log().lines()).noneMatch(line -> line.contains("OutOfMemoryError"));
            } finally {
                producerConnection.close();
                consumerConnection.close();
            }
            assertThat(router.isAlive()).isTrue();
        }
    }

    private static Connection connect(int port, String options) throws JMSException {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?amqp.idleTimeout=0&"
                + options).createConnection();
        connection.start();
        return connection;
    }

    private static void read(MessageConsumer consumer, Set<Integer> received, ConcurrentLinkedQueue<String> problems) {
        byte[] body = new byte[SIZE];
        try {
            while (received.size() < COUNT) {
                Message message = consumer.receive(TimeUnit.SECONDS.toMillis(120));
                if (message == null) {
                    problems.add("no message within 120 s after " + received.size());
                    return;
                }
                int seq = message.getIntProperty("seq");
                BytesMessage bytes = (BytesMessage) message;
                long length = bytes.getBodyLength();
                int read = bytes.readBytes(body);
                if (length != SIZE || read != SIZE || !intact(body, seq)) {
                    problems.add("message " + seq + " arrived damaged (" + length + " bytes)");
                }
                if (!received.add(seq)) {
                    problems.add("message " + seq + " arrived twice");
                }
            }
        } catch (JMSException e) {
            problems.add("consumer failed: " + e);
        }
    }

    /** A body that differs per message and per position, so a mixed-up or truncated message shows. */
    private static void fill(byte[] body, int seq) {
        for (int i = 0; i < body.length; i += 4096) {
            body[i] = (byte) seq;
            body[i + 1] = (byte) (i >>> 12);
        }
    }

    private static boolean intact(byte[] body, int seq) {
        for (int i = 0; i < body.length; i += 4096) {
            if (body[i] != (byte) seq || body[i + 1] != (byte) (i >>> 12)) {
                return false;
            }
        }
        return true;
    }

    /** The producer's outcomes; at most {@link #PRODUCER_WINDOW} sends outstanding. */
    private static final class Outcomes implements CompletionListener {
        final Semaphore window = new Semaphore(PRODUCER_WINDOW);
        final CountDownLatch done = new CountDownLatch(COUNT);
        final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();

        @Override
        public void onCompletion(Message message) {
            try {
                accepted.add(message.getIntProperty("seq"));
            } catch (JMSException e) {
                failed.add(e.toString());
            }
            window.release();
            done.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failed.add(exception.toString());
            window.release();
            done.countDown();
        }
    }
}
