package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Large unsettled messages across the mixed hop, in both dial directions and both ways: 20 messages of 1 MiB,
 * then 3 of 20 MiB, each a JMS bytes message of pseudo-random bytes; every one is accepted and arrives once with
 * the SHA-256 of what was sent. qdrouterd streams such messages across the inter-router connection before it
 * has received them whole (on its streaming links, {@code qd.streaming-links}).
 */
@Timeout(180)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedLargeMessageTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration TRAFFIC = Duration.ofSeconds(60);
    private static final int MIB = 1 << 20;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @ParameterizedTest
    @EnumSource(Dial.class)
    void largeUnsettledMessagesCrossTheMixedHopIntactBothWays(Dial dial) throws Exception {
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(2), logs.path())
                .kind("A", dial.listener).kind("B", dial.connector).start();
             JmsClients clients = new JmsClients()) {
            mesh.awaitConverged(CONVERGE);
            for (String[] way : new String[][] {{"A", "B"}, {"B", "A"}}) {
                cross(clients, mesh, way[0], way[1], 20, MIB);
                cross(clients, mesh, way[0], way[1], 3, 20 * MIB);
            }
        }
    }

    private static void cross(JmsClients clients, MeshOfProcesses mesh, String from, String to, int count,
                              int size) throws Exception {
        String address = "interop.large." + size + ".to-" + to;
        String route = count + " x " + size / MIB + " MiB from " + from + " (" + mesh.kind(from) + ") to " + to
                + " (" + mesh.kind(to) + ")";
        Map<Integer, String> received = new ConcurrentHashMap<>();
        Session consumerSession = clients.session(mesh.clientPort(to));
        MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(address));
        consumer.setMessageListener(message -> {
            try {
                received.merge(JmsClients.seq(message), sha256(message.getBody(byte[].class)),
                        (first, again) -> "received twice");
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });

        Session session = clients.session(mesh.clientPort(from));
        MessageProducer producer = session.createProducer(session.createQueue(address));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        JmsClients.Outcomes outcomes = new JmsClients.Outcomes(count);
        Map<Integer, String> sent = new TreeMap<>();
        long start = System.nanoTime();
        for (int seq = 0; seq < count; seq++) {
            byte[] body = body(seq, size);
            sent.put(seq, sha256(body));
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setIntProperty(JmsClients.SEQ, seq);
            producer.send(message, outcomes);
        }

        assertThat(outcomes.await(TRAFFIC)).as("every send has an outcome: %s", route).isTrue();
        assertThat(outcomes.failed).as("sends not accepted: %s", route).isEmpty();
        InteropAwait.until("all of " + route + " arrive", TRAFFIC, () -> received.size() >= count);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[%s] %.1f s, %.0f MiB/s%n", route, seconds, count * (size / (double) MIB) / seconds);
        assertThat(new TreeMap<>(received)).as("SHA-256 of each message received, %s", route).isEqualTo(sent);
        consumer.close();
        producer.close();
    }

    /** {@code size} pseudo-random bytes, the same for the same {@code seq}. */
    private static byte[] body(int seq, int size) {
        byte[] body = new byte[size];
        SplittableRandom random = new SplittableRandom(seq * 31L + size);
        for (int i = 0; i < size; i += 8) {
            long word = random.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                body[i + j] = (byte) (word >>> (8 * j));
            }
        }
        return body;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
