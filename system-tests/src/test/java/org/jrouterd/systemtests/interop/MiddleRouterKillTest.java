package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Session;
import java.time.Duration;
import java.util.List;
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
 * {@code kill -9} of the router in the middle of a mixed triangle under load, once for each kind in the middle.
 * A–B and B–C cost 1 and A–C costs 10, so A reaches C through B; a windowed sender on A streams unsettled
 * messages to a consumer on C and re-sends what comes back released or modified (see {@link ResendingSender});
 * B is killed with SIGKILL (no AMQP close: the kernel resets its sockets). Traffic must reroute over the direct
 * link within 2 x helloMaxAgeSeconds, every message the sender saw accepted must have reached the consumer, and
 * duplicates can only be messages that were re-sent. The pause (the longest time without an arrival at the
 * consumer after the kill) is printed per case.
 *
 * <p>In both cases the direct A–C link, which carries the traffic after the kill, joins the two kinds, and its
 * dialler (C) is of the other kind in each case.
 */
@Timeout(120)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MiddleRouterKillTest {

    private static final int HELLO_MAX_AGE_SECONDS = 3;
    private static final int MESSAGES = 6_000;
    private static final int WINDOW = 100;
    private static final String ADDRESS = "interop.kill.orders";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration TRAFFIC = Duration.ofSeconds(60);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    /** The kinds of A, B (the router killed) and C. */
    enum Middle {
        /** jrouterd A sends through qdrouterd B to qdrouterd C; after the kill, straight to qdrouterd C. */
        QDROUTERD(RouterKind.JROUTERD, RouterKind.QDROUTERD, RouterKind.QDROUTERD),
        /** qdrouterd A sends through jrouterd B to jrouterd C; after the kill, straight to jrouterd C. */
        JROUTERD(RouterKind.QDROUTERD, RouterKind.JROUTERD, RouterKind.JROUTERD);

        final RouterKind a;
        final RouterKind b;
        final RouterKind c;

        Middle(RouterKind a, RouterKind b, RouterKind c) {
            this.a = a;
            this.b = b;
            this.c = c;
        }
    }

    @ParameterizedTest(name = "kill -9 of {0} B")
    @EnumSource(Middle.class)
    void trafficReroutesOverTheDirectLinkAndNoAcceptedMessageIsLost(Middle middle) throws Exception {
        MeshOfProcesses.Builder builder = MeshOfProcesses.builder(MeshLayout.triangle(1, 1, 10), logs.path())
                .kind("A", middle.a).kind("B", middle.b).kind("C", middle.c)
                .routerAttribute("helloMaxAgeSeconds", HELLO_MAX_AGE_SECONDS);
        if (middle.a == RouterKind.JROUTERD) {
            builder.extraConfig("A", NextHops.JROUTERD_LOGGING);
        }
        try (MeshOfProcesses mesh = builder.start(); JmsClients clients = new JmsClients()) {
            mesh.awaitConverged(CONVERGE);
            NextHops.await(mesh, "A", "C", "B", CONVERGE);
            TimedReceipts receipts = TimedReceipts.consume(clients.session(mesh.clientPort("C")), ADDRESS);
            Session sending = clients.session(mesh.clientPort("A"));
            JmsClients.Outcomes warmUp = JmsClients.send(sending, ADDRESS, -1, 1, 4, 0);
            assertThat(warmUp.await(CONVERGE)).as("A has learnt the consumer on C").isTrue();
            assertThat(warmUp.failed).as("the warm-up message was not accepted").isEmpty();

            try (ResendingSender sender = ResendingSender.start(sending, ADDRESS, WINDOW, 20, Duration.ofMillis(1),
                    MESSAGES)) {
                InteropAwait.until("a third accepted", TRAFFIC, () -> sender.accepted.size() >= MESSAGES / 3);
                long killedAt = System.nanoTime();
                mesh.kill("B");
                sender.awaitAllAccepted(TRAFFIC);
                InteropAwait.until("the consumer has every accepted message", TRAFFIC,
                        () -> receipts.seen.containsAll(sender.accepted));

                List<Long> arrivals = receipts.arrivals();
                long afterKill = arrivals.stream().filter(at -> at - killedAt >= 0).count();
                long pause = Pauses.longestGapMillis(arrivals, killedAt, arrivals.get(arrivals.size() - 1));
                System.out.printf("KILL -9 of %s B (A %s, C %s): traffic paused %d ms (limit %d ms); %d re-sent"
                                + " %s; %d duplicates; %d of %d arrivals after the kill%n", middle.b, middle.a,
                        middle.c, pause, 2000L * HELLO_MAX_AGE_SECONDS,
                        sender.resent.get(), sender.failures(), receipts.duplicates.get(), afterKill,
                        arrivals.size());
                assertThat(sender.accepted).hasSize(MESSAGES);
                assertThat(receipts.seen).as("every accepted message reached the consumer")
                        .containsAll(sender.accepted);
                assertThat(receipts.duplicates.get()).as("duplicates only among re-sent messages")
                        .isLessThanOrEqualTo(sender.resent.get());
                assertThat(pause).as("traffic resumed within 2 x helloMaxAgeSeconds")
                        .isLessThan(2000L * HELLO_MAX_AGE_SECONDS);
            }
            mesh.awaitConverged(CONVERGE);
            assertThat(NextHops.latest(mesh, "A")).as("A's next hops without B").containsEntry("C", "C");
        }
    }
}
