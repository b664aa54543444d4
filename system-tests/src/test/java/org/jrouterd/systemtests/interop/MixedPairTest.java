package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
 * A qdrouterd and a jrouterd connected to each other, in both dial directions: the mesh forms (each sees the
 * other in its paths) and 10,000 unsettled messages cross the mixed hop each way in order, every one accepted by
 * the consumer on the other router and received exactly once.
 */
@Timeout(180)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedPairTest {

    static final Duration CONVERGE = Duration.ofSeconds(30);
    static final Duration TRAFFIC = Duration.ofSeconds(90);
    private static final int COUNT = 10_000;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @ParameterizedTest
    @EnumSource(Dial.class)
    void tenThousandUnsettledCrossTheMixedHopEachWayInOrder(Dial dial) throws Exception {
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(2), logs.path())
                .kind("A", dial.listener).kind("B", dial.connector).start();
             JmsClients clients = new JmsClients()) {
            mesh.awaitConverged(CONVERGE);

            crossInOrder(clients, mesh.clientPort("A"), mesh.clientPort("B"), "interop.a-to-b");
            crossInOrder(clients, mesh.clientPort("B"), mesh.clientPort("A"), "interop.b-to-a");
        }
    }

    private static void crossInOrder(JmsClients clients, int from, int to, String address) throws Exception {
        JmsClients.Received received = clients.receive(to, address);
        JmsClients.Outcomes outcomes = clients.send(from, address, 0, COUNT);

        outcomes.assertAllAccepted(COUNT, TRAFFIC, address);
        InteropAwait.until("the consumer has all " + COUNT, TRAFFIC, () -> received.count() >= COUNT);
        assertThat(List.copyOf(received.order)).as("received in order, once each")
                .containsExactlyElementsOf(IntStream.range(0, COUNT).boxed().toList());
    }
}
