package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * Message priorities on the inter-router data links between a qdrouterd and a jrouterd, in both dial directions,
 * as qdrouterd's own management shows them ({@code qdstat -l}, {@link QdstatLinks}): 10 + P unsettled messages
 * of each priority P from 0 to 9 cross the mixed hop, and each crosses on the data link of its priority. From
 * qdrouterd to jrouterd they leave on qdrouterd's outgoing link of priority P (qdrouterd picks it); from jrouterd
 * to qdrouterd they arrive on qdrouterd's incoming link of priority P (jrouterd picks it, and the two routers
 * agree on which link has which priority: the dialling side attaches them in priority order, the other numbers
 * them in attach order). Nothing crosses on any other data link, and the consumer sees each message's priority.
 */
@Timeout(120)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedPriorityTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration TRAFFIC = Duration.ofSeconds(30);
    private static final int PRIORITIES = 10;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @ParameterizedTest
    @EnumSource(Dial.class)
    void eachMessageCrossesOnTheInterRouterLinkOfItsPriorityBothWays(Dial dial) throws Exception {
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(2), logs.path())
                .kind("A", dial.listener).kind("B", dial.connector).start();
             JmsClients clients = new JmsClients()) {
            mesh.awaitConverged(CONVERGE);
            String qdrouterd = mesh.kind("A") == RouterKind.QDROUTERD ? "A" : "B";
            String jrouterd = qdrouterd.equals("A") ? "B" : "A";

            crossAtEveryPriority(clients, mesh, qdrouterd, jrouterd, qdrouterd, "out");
            crossAtEveryPriority(clients, mesh, jrouterd, qdrouterd, qdrouterd, "in");
        }
    }

    /**
     * Sends 10 + P messages of each priority P from {@code from} to a consumer on {@code to} and checks, on
     * qdrouterd {@code observer}, that its inter-router links in {@code direction} carried exactly those, each on
     * the link of its priority, and that the other direction's data links carried nothing.
     */
    private void crossAtEveryPriority(JmsClients clients, MeshOfProcesses mesh, String from, String to,
                                      String observer, String direction) throws Exception {
        String address = "interop.priority.to-" + to;
        String route = "from " + from + " (" + mesh.kind(from) + ") to " + to + " (" + mesh.kind(to) + ")";
        JmsClients.Received received = clients.receive(mesh.clientPort(to), address);
        Session session = clients.session(mesh.clientPort(from));
        QdstatLinks.Deliveries before = QdstatLinks.query(mesh.clientPort(observer), logs.path(),
                "qdstat-l-" + direction + "-before");

        List<JmsClients.Outcomes> outcomes = new ArrayList<>();
        int total = 0;
        for (int priority = 0; priority < PRIORITIES; priority++) {
            outcomes.add(JmsClients.send(session, address, total, count(priority), priority, 0));
            total += count(priority);
        }
        for (JmsClients.Outcomes sent : outcomes) {
            assertThat(sent.await(TRAFFIC)).as("every send has an outcome, %s", route).isTrue();
            assertThat(sent.failed).as("sends not accepted, %s", route).isEmpty();
        }
        int all = total;
        InteropAwait.until("the consumer has all " + all, TRAFFIC, () -> received.count() >= all);

        QdstatLinks.Deliveries crossed = QdstatLinks.query(mesh.clientPort(observer), logs.path(),
                "qdstat-l-" + direction + "-after").since(before);
        List<Long> expected = IntStream.range(0, PRIORITIES).mapToObj(p -> (long) count(p)).toList();
        String other = direction.equals("in") ? "out" : "in";
        System.out.println("[" + route + "] qdrouterd " + observer + " inter-router deliveries by priority: "
                + direction + " " + crossed.of(direction) + ", " + other + " " + crossed.of(other));
        assertThat(crossed.of(direction)).as("deliveries on qdrouterd %s's %s inter-router links, by priority, %s",
                observer, direction, route).isEqualTo(expected);
        assertThat(crossed.of(other)).as("deliveries on qdrouterd %s's %s inter-router links, by priority, %s",
                observer, other, route).isEqualTo(Collections.nCopies(PRIORITIES, 0L));
        List<Integer> priorities = new ArrayList<>(received.priorities);
        assertThat(IntStream.range(0, PRIORITIES).map(p -> Collections.frequency(priorities, p)).boxed().toList())
                .as("messages the consumer got, by JMS priority, %s", route)
                .isEqualTo(expected.stream().map(Long::intValue).toList());
        received.stop();
    }

    /** How many messages of priority {@code priority} a test sends: a different number for each. */
    private static int count(int priority) {
        return 10 + priority;
    }
}
