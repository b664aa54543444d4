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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.systemtests.python.ProtonPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer that stops reading its socket. A Python Proton consumer grants a large window, takes one message and then
 * blocks its reactor, so the router's writes to it back up. It must not starve the other members of a multicast
 * address, and the write time-out must cut it off and let go of what the router held for it.
 */
@Timeout(150)
class StuckPeerTest {

    /** Grants {@code credit}, prints "stuck" at its first message, then stops reading for 120 s and exits. */
    private static final String STUCK_CONSUMER = """
            import sys, time
            from proton.handlers import MessagingHandler
            from proton.reactor import Container

            class Stuck(MessagingHandler):
                def __init__(self, url, address, credit):
                    super().__init__(prefetch=credit)
                    self.url, self.address = url, address

                def on_start(self, event):
                    event.container.create_receiver(event.container.connect(self.url), self.address)

                def on_link_opened(self, event):
                    print("attached", flush=True)

                def on_message(self, event):
                    print("stuck", flush=True)
                    time.sleep(120)
                    sys.exit(0)

            Container(Stuck(sys.argv[1], sys.argv[2], int(sys.argv[3]))).run()
            """;
    private static final int BODY = 16 * 1024;
    private static final int FILLING_COUNT = 100;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void aStuckMulticastMemberDoesNotStarveTheOthers() throws Exception {
        // No write time-out: dropping the stuck member's pre-settled copies alone must keep the others going.
        try (RouterProcess router = start("Fanout", "0");
             ChildProcess stuck = stuckConsumer(router, "multicast.news");
             Connection healthy = connect(router.port(), "");
             Connection producing = connect(router.port(), "jms.presettlePolicy.presettleProducers=true")) {
            Session session = healthy.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic("multicast.news"));
            int count = 3000;
            CountDownLatch all = new CountDownLatch(count);
            consumer.setMessageListener(message -> all.countDown());
            stuck.awaitLine("the stuck consumer attached", "attached"::equals, Duration.ofSeconds(20));

            Session producerSession = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = producerSession.createProducer(producerSession.createTopic("multicast.news"));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            byte[] body = new byte[BODY];
            for (int i = 0; i < count; i++) {
                BytesMessage message = producerSession.createBytesMessage();
                message.writeBytes(body);
                producer.send(message);
            }
            stuck.awaitLine("the stuck consumer got its first message", "stuck"::equals, Duration.ofSeconds(20));
            assertThat(all.await(60, TimeUnit.SECONDS))
                    .as("the healthy member received all %d (%d missing) while the other was stuck", count,
                            all.getCount())
                    .isTrue();
            assertThat(router.log().lines()).as("the drops for the stuck member are logged")
                    .anyMatch(line -> line.contains("the consumer is not keeping up"));
        }
    }

    @Test
    void aPeerThatStopsReadingIsClosedByTheWriteTimeoutAndItsMessagesComeBack() throws Exception {
        try (RouterProcess router = start("Writer", "2");
             ChildProcess stuck = stuckConsumer(router, "work");
             Connection producing = connect(router.port(), "jms.forceAsyncSend=true")) {
            stuck.awaitLine("the stuck consumer attached", "attached"::equals, Duration.ofSeconds(20));
            int count = FILLING_COUNT;
            Outcomes outcomes = sendFillingMessages(producing, "work");
            router.log().awaitLine(line -> line.contains("write time-out"), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no write time-out in the router log"));
            assertThat(outcomes.done.await(30, TimeUnit.SECONDS))
                    .as("every send has an outcome once the stuck peer is cut off (%d missing)",
                            outcomes.done.getCount())
                    .isTrue();
            assertThat(outcomes.accepted.get()).as("the one message the stuck consumer took was not settled")
                    .isLessThan(count);
            // The router still serves: a new consumer gets a new message.
            // (A sending thread of its own: through a router, a send completes only once the consumer accepts.)
            try (Connection fresh = connect(router.port(), "jms.forceAsyncSend=true")) {
                Session freshSession = fresh.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = freshSession.createConsumer(freshSession.createQueue("after"));
                MessageProducer after = freshSession.createProducer(freshSession.createQueue("after"));
                after.send(freshSession.createTextMessage("still serving"));
                assertThat(consumer.receive(10_000)).isNotNull();
            }
        }
    }

    @Test
    void aSilentPeerWhoseSocketIsFullIsClosedByTheIdleTimeOutThoughItsCloseCannotBeSent() throws Exception {
        // No write time-out: the idle time-out alone must end the connection, although its Close never leaves.
        try (RouterProcess router = start("Idle", "0", 2);
             ChildProcess stuck = stuckConsumer(router, "work");
             Connection producing = connect(router.port(), "jms.forceAsyncSend=true")) {
            stuck.awaitLine("the stuck consumer attached", "attached"::equals, Duration.ofSeconds(20));
            int count = FILLING_COUNT;
            Outcomes outcomes = sendFillingMessages(producing, "work");
            String ended = router.log().awaitLine(line -> line.contains("ended: idle time-out"),
                    Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("the silent peer was never closed"));
            assertThat(ended).contains("no frames for 2000 ms");
            assertThat(outcomes.done.await(30, TimeUnit.SECONDS))
                    .as("every send has an outcome once the silent peer is closed (%d missing)",
                            outcomes.done.getCount())
                    .isTrue();
        }
    }

    /**
     * Sends {@link #FILLING_COUNT} unsettled messages of 256 KiB (25 MiB, within the link's credit) to
     * {@code address}: more than the loopback socket buffers take (a few MiB), so the router's writes to a consumer
     * that stopped reading back up. Smaller messages would stop at the producer's credit window instead.
     */
    private static Outcomes sendFillingMessages(Connection producing, String address) throws JMSException {
        Session session = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(address));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);   // unsettled: the outcome is awaited
        Outcomes outcomes = new Outcomes(FILLING_COUNT);
        byte[] body = new byte[256 * 1024];
        for (int i = 0; i < FILLING_COUNT; i++) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            producer.send(message, outcomes);
        }
        return outcomes;
    }

    private RouterProcess start(String id, String writeTimeoutSeconds) throws IOException {
        return start(id, writeTimeoutSeconds, 16);
    }

    private RouterProcess start(String id, String writeTimeoutSeconds, int idleTimeoutSeconds) throws IOException {
        Path config = logs.path().resolve(id + ".conf");
        Files.writeString(config, """
                listener {
                    host: 127.0.0.1
                    port: 0
                    idleTimeoutSeconds: %d
                }
                address {
                    prefix: multicast
                    distribution: multicast
                }
                """.formatted(idleTimeoutSeconds));
        return RouterProcess.start(id, logs.path(), List.of(Jrouterd.launcher().toString(), "--config",
                config.toString(), "--id", id, "--write-timeout", writeTimeoutSeconds));
    }

    private ChildProcess stuckConsumer(RouterProcess router, String address) throws IOException {
        ProtonPython.requireInstalled(logs.path());
        Path script = logs.path().resolve("stuck_consumer.py");
        Files.writeString(script, STUCK_CONSUMER);
        return ChildProcess.start("stuck consumer", List.of("/usr/bin/python3", script.toString(),
                        "127.0.0.1:" + router.port(), address, "100000"),
                Map.of("PYTHONUNBUFFERED", "1"), logs.path(), logs.path().resolve("stuck-consumer.log"));
    }

    private static Connection connect(int port, String options) throws JMSException {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?amqp.idleTimeout=0"
                + (options.isEmpty() ? "" : "&" + options)).createConnection();
        connection.start();
        return connection;
    }

    /** Outcomes of asynchronous sends. */
    private static final class Outcomes implements CompletionListener {
        final CountDownLatch done;
        final AtomicInteger accepted = new AtomicInteger();
        final Set<String> failures = ConcurrentHashMap.newKeySet();

        Outcomes(int count) {
            done = new CountDownLatch(count);
        }

        @Override
        public void onCompletion(Message message) {
            accepted.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failures.add(exception.getClass().getSimpleName());
            done.countDown();
        }
    }
}
