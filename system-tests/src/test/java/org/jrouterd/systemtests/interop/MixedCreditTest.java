package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.systemtests.python.ProtonPython;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A consumer that leaves, with its producer on the other kind of router, in both dial directions: a Python
 * Proton sender on one router keeps up to 50 unsettled messages in flight to an address whose only consumer, on
 * the other router, accepts 100, holds 20 unsettled and detaches. Then the producer's router must stop it: its
 * credit goes to 0 and stays there, no message is accepted after the first 100, and every message it sent comes
 * back with an outcome (the 20 held and any others delivered but unsettled as modified, the rest released):
 * nothing is lost silently.
 */
@Timeout(120)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedCreditTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration CLIENT = Duration.ofSeconds(30);
    private static final Duration BLOCKED = Duration.ofSeconds(15);
    private static final int ACCEPT = 100;
    private static final int HOLD = 20;
    private static final int WINDOW = 50;
    /** Status lines (50 ms apart) after the producer is blocked, all of which must show it still blocked. */
    private static final int STILL_BLOCKED = 20;
    private static final Pattern STATUS = Pattern.compile("^status at=([0-9.]+) credit=(\\d+) sent=(\\d+)"
            + " accepted=(\\d+) released=(\\d+) modified=(\\d+) rejected=(\\d+) unsettled=(-?\\d+)$");
    private static final Pattern DETACHING = Pattern.compile("^detaching at=([0-9.]+) accepted=" + ACCEPT
            + " held=" + HOLD + "$");

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    /** First the producer on A and the consumer on B, then the other way round. */
    @ParameterizedTest
    @EnumSource(Dial.class)
    void producerLosesItsCreditAndGetsEveryOutcomeWhenItsOnlyConsumerOnTheOtherKindDetaches(Dial dial) {
        ProtonPython.requireInstalled(logs.path());
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(2), logs.path())
                .kind("A", dial.listener).kind("B", dial.connector).start()) {
            mesh.awaitConverged(CONVERGE);
            consumerLeaves(mesh, "A", "B");
            consumerLeaves(mesh, "B", "A");
        }
    }

    private void consumerLeaves(MeshOfProcesses mesh, String producer, String consumer) {
        String address = "interop.credit.to-" + consumer;
        String route = "producer on " + producer + " (" + mesh.kind(producer) + "), consumer on " + consumer + " ("
                + mesh.kind(consumer) + ")";
        try (ChildProcess receiver = ProtonScript.HOLDING_RECEIVER.start("holding-receiver-on-" + consumer,
                logs.path(), mesh.hostPort(consumer), address, Integer.toString(ACCEPT), Integer.toString(HOLD));
             ChildProcess sender = startSenderOnceAttached(receiver, producer, mesh, address)) {
            receiver.awaitExitCode(0, CLIENT);
            assertThat(receiver.output().lines()).as("the consumer's output, %s", route)
                    .contains("detached");
            double detached = receiver.output().lines().stream().map(DETACHING::matcher).filter(Matcher::matches)
                    .mapToDouble(m -> Double.parseDouble(m.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("the consumer did not say when it detached, " + route));

            List<Status> blocked = new ArrayList<>();
            sender.awaitLine("a status with credit 0 and nothing unsettled, then " + STILL_BLOCKED + " more", line ->
                    Status.parse(line).map(status -> {
                        // Before the consumer left, the 20 it held kept unsettled above 0.
                        if (blocked.isEmpty() && !(status.credit == 0 && status.unsettled == 0
                                && status.sent >= ACCEPT + HOLD)) {
                            return false;
                        }
                        blocked.add(status);
                        return blocked.size() > STILL_BLOCKED;
                    }).orElse(false), BLOCKED);

            Status end = blocked.get(0);
            System.out.printf("[%s] blocked %.0f ms after the consumer detached (within 50 ms): %s%n", route,
                    (end.at - detached) * 1000, end);
            assertThat(blocked).as("the producer stays without credit and sends nothing more, %s", route)
                    .allSatisfy(status -> assertThat(status.withoutTime()).isEqualTo(end.withoutTime()));
            assertThat(end.accepted).as("accepted, %s", route).isEqualTo(ACCEPT);
            assertThat(end.rejected).as("rejected, %s", route).isZero();
            assertThat(end.modified).as("modified (at least the %d held), %s", HOLD, route)
                    .isGreaterThanOrEqualTo(HOLD);
            assertThat(end.released + end.modified).as("released or modified, %s", route)
                    .isEqualTo(end.sent - ACCEPT);
        }
    }

    private ChildProcess startSenderOnceAttached(ChildProcess receiver, String producer, MeshOfProcesses mesh,
                                                 String address) {
        receiver.awaitLine("the consumer's 'attached'", line -> line.equals("attached"), CLIENT);
        return ProtonScript.CREDIT_SENDER.start("credit-sender-on-" + producer, logs.path(),
                mesh.hostPort(producer), address, Integer.toString(WINDOW));
    }

    /** One status line of {@link ProtonScript#CREDIT_SENDER}. */
    private record Status(double at, int credit, int sent, int accepted, int released, int modified, int rejected,
                          int unsettled) {

        static Optional<Status> parse(String line) {
            Matcher m = STATUS.matcher(line);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Status(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8))));
        }

        /** The same counts, without the time of the line. */
        Status withoutTime() {
            return new Status(0, credit, sent, accepted, released, modified, rejected, unsettled);
        }
    }
}
