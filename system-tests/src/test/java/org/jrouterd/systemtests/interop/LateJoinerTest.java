package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Session;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
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
 * A router of the other kind joins a running mesh and learns the addresses that were there before it: in a line
 * A–B–C, A and B run with consumers attached (one on A, one on B, and one address with a consumer on each), and
 * know each other's consumers; then C starts, connected to B only, so it learns A's addresses from A's absolute
 * mobile-address update (asked for with a MAR, relayed by B) and B's from B. A producer on C, attached as soon
 * as C listens, before C has joined, gets credit once C knows where the consumers are, and every message it sends
 * is accepted and reaches the consumers. The second consumer of the shared address attaches on B just before C
 * starts, so C joins while B's differential mobile-address update for it is due, as happens when clients come
 * and go during a migration. Closing the mesh checks that no router logged an error, the joiner included.
 */
@Timeout(120)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class LateJoinerTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration TRAFFIC = Duration.ofSeconds(30);
    private static final int COUNT = 300;
    private static final String ON_A = "interop.late.on-a";
    private static final String ON_B = "interop.late.on-b";
    private static final String ON_BOTH = "interop.late.on-both";

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    /** The kind of the late joiner C; A and B are of the other kind. */
    enum Joiner {
        /** A jrouterd joins a qdrouterd mesh. */
        JROUTERD(RouterKind.JROUTERD, RouterKind.QDROUTERD),
        /** A qdrouterd joins a jrouterd mesh. */
        QDROUTERD(RouterKind.QDROUTERD, RouterKind.JROUTERD);

        final RouterKind joiner;
        final RouterKind existing;

        Joiner(RouterKind joiner, RouterKind existing) {
            this.joiner = joiner;
            this.existing = existing;
        }
    }

    @ParameterizedTest(name = "{0} joins")
    @EnumSource(Joiner.class)
    void aLateJoinerLearnsTheExistingAddressesAndItsProducerGetsCredit(Joiner joiner) throws Exception {
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(3), logs.path())
                .kind("A", joiner.existing).kind("B", joiner.existing).kind("C", joiner.joiner).deferred("C")
                .start();
             JmsClients clients = new JmsClients()) {
            mesh.awaitConverged(CONVERGE);
            int a = mesh.clientPort("A");
            int b = mesh.clientPort("B");
            TimedReceipts onA = TimedReceipts.consume(clients.session(a), ON_A);
            TimedReceipts onB = TimedReceipts.consume(clients.session(b), ON_B);
            TimedReceipts bothOnA = TimedReceipts.consume(clients.session(a), ON_BOTH);
            // The existing routers know each other's consumers: a warm-up message each way is accepted (a sender
            // gets no credit before its router knows a consumer). Then the second consumer of ON_BOTH, on B.
            warmUp(clients.session(b), ON_A, () -> onA.warmUps.get() > 0);
            warmUp(clients.session(a), ON_B, () -> onB.warmUps.get() > 0);
            warmUp(clients.session(b), ON_BOTH, () -> bothOnA.warmUps.get() > 0);
            TimedReceipts bothOnB = TimedReceipts.consume(clients.session(b), ON_BOTH);

            long startedAt = System.nanoTime();
            mesh.startRouter("C");
            Session producer = clients.session(mesh.clientPort("C"));
            SendOutcomes toA = SendOutcomes.send(producer, ON_A, COUNT);
            SendOutcomes toB = SendOutcomes.send(producer, ON_B, COUNT);
            SendOutcomes toBoth = SendOutcomes.send(producer, ON_BOTH, COUNT);

            assertAllAccepted(toA, ON_A);
            assertAllAccepted(toB, ON_B);
            assertAllAccepted(toBoth, ON_BOTH);
            InteropAwait.until("the consumers have every message", TRAFFIC, () -> onA.seen.size() == COUNT
                    && onB.seen.size() == COUNT && bothOnA.seen.size() + bothOnB.seen.size() >= COUNT);
            System.out.printf("LATE JOINER %s C in a %s mesh: first message at A %d ms, at B %d ms after C"
                            + " started (addresses on both: %d to A, %d to B)%n", joiner.joiner, joiner.existing,
                    Pauses.firstArrivalMillis(onA.arrivals(), startedAt),
                    Pauses.firstArrivalMillis(onB.arrivals(), startedAt), bothOnA.count(), bothOnB.count());
            assertThat(onA.seen).as("on A").containsExactlyInAnyOrderElementsOf(range());
            assertThat(onB.seen).as("on B").containsExactlyInAnyOrderElementsOf(range());
            assertThat(onA.duplicates.get() + onB.duplicates.get()).as("duplicates").isZero();
            assertThat(bothOnA.count() + bothOnB.count()).as("messages to the address with two consumers, once each")
                    .isEqualTo(COUNT);
            assertThat(bothOnA.duplicates.get() + bothOnB.duplicates.get()).as("duplicates").isZero();
            mesh.awaitConverged(CONVERGE);
        }
    }

    /**
     * Sends warm-up messages (negative numbers) to {@code address} until one is accepted and {@code reached}
     * holds.
     */
    private static void warmUp(Session session, String address, BooleanSupplier reached) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        int seq = -1;
        while (true) {
            JmsClients.Outcomes outcomes = JmsClients.send(session, address, seq--, 1, 4, 0);
            assertThat(outcomes.await(CONVERGE)).as("the warm-up message to " + address + " has an outcome")
                    .isTrue();
            if (outcomes.failed.isEmpty() && reached.getAsBoolean()) {
                return;
            }
            assertThat(System.nanoTime() - deadline).as("warm-up of " + address + " within " + CONVERGE)
                    .isNegative();
        }
    }

    private static void assertAllAccepted(SendOutcomes outcomes, String address) throws Exception {
        assertThat(outcomes.await(TRAFFIC)).as("every send to %s has an outcome", address).isTrue();
        assertThat(outcomes.failures()).as("sends to %s not accepted, by reason", address).isEmpty();
        assertThat(outcomes.accepted()).as("sends to %s accepted", address).isEqualTo(COUNT);
    }

    private static List<Integer> range() {
        return IntStream.range(0, COUNT).boxed().toList();
    }
}
