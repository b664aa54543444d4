package org.jrouterd.systemtests.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Daemons started from qdrouterd-style files with inter-router listeners and connectors find each other, and
 * their neighbours notice at once when one is killed (its sockets cut) or stopped (SIGTERM: it closes its
 * inter-router connections, accepted and opened alike, with an AMQP Close, and exits 0).
 */
@Timeout(120)
class MeshOfDaemonsTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    /** helloMaxAgeSeconds is 3: a cut or closed connection must be noticed at once, not by missing HELLOs. */
    private static final Duration NOTICE = Duration.ofSeconds(3);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void triangleConvergesSurvivesAKillAndTheListeningRouterStopsWithAnAmqpClose() {
        try (MeshOfProcesses mesh = MeshOfProcesses.start(MeshLayout.triangle(1, 1, 1), logs.path())) {
            mesh.awaitConverged(CONVERGE);

            mesh.kill("C");
            mesh.awaitConverged(NOTICE);

            // A accepted B's connection; stopping A must close it with an AMQP Close, not just the socket.
            int before = mesh.router("B").log().lines().size();
            mesh.stop("A");
            mesh.awaitConverged(NOTICE);
            assertNoAbortedConnection(mesh.router("B"), before);
        }
    }

    @Test
    void theConnectingRouterStopsWithAnAmqpClose() {
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(2), logs.path())
                .routerAttribute("helloMaxAgeSeconds", 3).start()) {
            mesh.awaitConverged(CONVERGE);

            // B opened the connection to A; stopping B must close it with an AMQP Close, not just the socket.
            int before = mesh.router("A").log().lines().size();
            mesh.stop("B");
            mesh.awaitConverged(NOTICE);
            assertNoAbortedConnection(mesh.router("A"), before);
        }
    }

    /** The router logs "connection lost without Close" when a socket ends without a Close frame. */
    private static void assertNoAbortedConnection(RouterProcess survivor, int fromLine) {
        List<String> lines = survivor.log().lines();
        assertThat(lines.subList(fromLine, lines.size()))
                .as("what %s logged while its neighbour stopped; see %s", survivor.id(), survivor.log().file())
                .noneMatch(line -> line.contains("connection lost without Close"));
    }
}
