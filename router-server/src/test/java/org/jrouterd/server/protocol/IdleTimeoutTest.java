package org.jrouterd.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.protonj2.test.driver.ProtonTestClient;
import org.jrouterd.server.Router;
import org.jrouterd.transport.server.ListenerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Idle time-out in both directions. The router enforces its listener's {@code idleTimeoutSeconds} on the peer and
 * advertises half of it in its Open, as qdrouterd does (proton follows the spec's advice to advertise half the
 * real threshold: a default listener says {@code idle-time-out=8000}). Towards a peer that advertises a time-out,
 * the router sends empty frames often enough to keep that peer's side alive.
 */
@Timeout(30)
class IdleTimeoutTest {

    /**
     * Short enough to keep the tests fast, long enough for scheduling noise to stay well below it: on a loaded
     * machine a thread of this JVM (the router's event loop, the test peer's) can be held up for most of a second.
     */
    private static final int SHORT_IDLE_TIMEOUT_SECONDS = 2;
    private static final long SHORT_IDLE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(SHORT_IDLE_TIMEOUT_SECONDS);

    private Router router;
    private int shortTimeoutPort;
    private int defaultPort;

    @BeforeEach
    void startRouter() {
        router = Router.builder().id("Router.Idle").ioThreads(2)
                .listener(ListenerSpec.defaults(PeerScripts.HOST, 0).withIdleTimeoutSeconds(SHORT_IDLE_TIMEOUT_SECONDS))
                .listener(ListenerSpec.defaults(PeerScripts.HOST, 0))
                .start();
        shortTimeoutPort = router.listenAddresses().get(0).getPort();
        defaultPort = router.listenAddresses().get(1).getPort();
    }

    @AfterEach
    void stopRouter() {
        router.close();
    }

    @Test
    void advertisesHalfOfTheListenerIdleTimeoutInItsOpen() {
        try (ProtonTestClient shortTimeout = PeerScripts.connectAndBegin(shortTimeoutPort);
             ProtonTestClient defaultTimeout = PeerScripts.connectAndBegin(defaultPort)) {
            assertThat(shortTimeout.getDriver().getRemoteOpen().getIdleTimeOut().longValue())
                    .isEqualTo(SHORT_IDLE_TIMEOUT_MILLIS / 2);
            assertThat(defaultTimeout.getDriver().getRemoteOpen().getIdleTimeOut().longValue()).isEqualTo(8000);
        }
    }

    @Test
    void closesAConnectionThatStaysSilentForTheIdleTimeout() throws IOException {
        Open open = new Open();
        open.setContainerId("silent-peer");
        long start = System.nanoTime();
        byte[] reply = RawAmqpSocket.sendAndReadUntilClosed(shortTimeoutPort,
                RawAmqpSocket.concat(RawAmqpSocket.AMQP_HEADER, RawAmqpSocket.amqpFrame(0, open)));
        long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(RawAmqpSocket.header(reply)).isEqualTo(RawAmqpSocket.AMQP_HEADER);
        List<Object> frames = RawAmqpSocket.framesAfterHeader(reply);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOf(Open.class);
        assertThat(frames.get(1)).isInstanceOfSatisfying(Close.class, close -> {
            assertThat(close.getError()).isNotNull();
            assertThat(close.getError().getCondition().toString()).isEqualTo("amqp:resource-limit-exceeded");
        });
        // Not before the time-out (the peer's last byte went out after start), and not a whole extra tick late.
        assertThat(closedAfter).isGreaterThanOrEqualTo(SHORT_IDLE_TIMEOUT_MILLIS)
                .isLessThan(SHORT_IDLE_TIMEOUT_MILLIS * 3 / 2);
    }

    @Test
    void keepsAConnectionOpenWhileItsPeerSendsEmptyFrames() {
        try (ProtonTestClient peer = PeerScripts.connectAndBegin(shortTimeoutPort)) {
            int interval = (int) SHORT_IDLE_TIMEOUT_MILLIS / 8;
            int heartbeats = 16;   // two whole idle time-outs of silence but for the empty frames
            for (int i = 1; i <= heartbeats; i++) {
                peer.remoteEmptyFrame().later(i * interval);
            }
            // Still open after twice the time-out: a new session is answered, no Close arrives.
            peer.expectBegin();
            peer.remoteBegin().later((heartbeats + 1) * interval);
            // The script takes that long by design: the deadline starts after it.
            long scripted = (long) (heartbeats + 1) * interval;
            peer.waitForScriptToComplete(scripted + TimeUnit.SECONDS.toMillis(PeerScripts.WAIT_SECONDS),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void sendsEmptyFramesToAPeerThatAdvertisesAnIdleTimeout() {
        // Long enough that half of it, plus the quarter allowed for scheduling, stays clear of a loaded machine's
        // pauses of up to a second.
        int peerIdleTimeout = 4000;
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (ProtonTestClient peer = new ProtonTestClient()) {
            peer.remoteAMQPHeader().queue();
            peer.expectAMQPHeader();
            peer.remoteOpen().withContainerId("heartbeat-peer").withIdleTimeOut(peerIdleTimeout).queue();
            peer.expectOpen().withCapture(open -> arrivals.add(System.nanoTime()));
            peer.expectEmptyFrame().withCapture(empty -> arrivals.add(System.nanoTime()));
            peer.expectEmptyFrame().withCapture(empty -> arrivals.add(System.nanoTime()));
            PeerScripts.connect(peer, defaultPort);
            // Two empty frames take about one peer time-out by design: the deadline starts after it.
            peer.waitForScriptToComplete(peerIdleTimeout + TimeUnit.SECONDS.toMillis(PeerScripts.WAIT_SECONDS),
                    TimeUnit.MILLISECONDS);
            assertThat(peer.getEmptyFrameCount()).isEqualTo(2);

            // The router sends an empty frame once it has been quiet for half the peer's time-out, so the peer
            // never goes its whole time-out without a frame. Allow a quarter of the time-out for scheduling.
            for (int i = 1; i < arrivals.size(); i++) {
                Duration quiet = Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1));
                assertThat(quiet).as("silence before frame %d after the Open", i)
                        .isLessThan(Duration.ofMillis(peerIdleTimeout * 3 / 4));
            }

            peer.expectEmptyFrame().optional();
            peer.expectClose();
            peer.remoteClose().now();
            PeerScripts.await(peer);
        }
    }
}
