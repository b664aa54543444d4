package org.jrouterd.systemtests.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stock Python Proton examples, unchanged, across a line of three {@code bin/jrouterd} daemons A–B–C
 * ({@link MeshOfProcesses}): the clients on A and C are two inter-router hops apart, so every message and every
 * disposition crosses two inter-router connections, and the address a receiver attaches on C must reach A by
 * mobile-address updates before A gives its sender credit.
 */
@Timeout(120)
class MeshPythonClientsTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final Duration CLIENT = Duration.ofSeconds(45);
    private static final int MESSAGES = 10_000;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @BeforeEach
    void requireProton() {
        ProtonPython.requireInstalled(logs.path(), "simple_send.py", "simple_recv.py", "server.py", "client.py");
    }

    /**
     * simple_recv on C, then simple_send on A with 10,000 unsettled messages: A gives the sender credit once it
     * has learnt that C has a consumer for {@code examples}; every message arrives, in order, and every one comes
     * back accepted.
     */
    @Test
    void tenThousandMessagesFromAReachAReceiverOnCInOrderAndAllComeBackAccepted() {
        try (MeshOfProcesses mesh = MeshOfProcesses.start(MeshLayout.line(3), logs.path())) {
            mesh.awaitConverged(CONVERGE);
            try (ChildProcess receiver = ProtonPython.example("simple_recv", logs.path(), "simple_recv.py",
                    "-a", mesh.hostPort("C") + "/examples", "-m", Integer.toString(MESSAGES));
                 ChildProcess sender = ProtonPython.example("simple_send", logs.path(), "simple_send.py",
                         "-a", mesh.hostPort("A") + "/examples", "-m", Integer.toString(MESSAGES))) {
                // No message can leave before A gives credit, which it does only once the address is known
                // across the mesh; so the sender simply waits for the receiver, within this deadline.
                sender.awaitExitCode(0, CLIENT);
                receiver.awaitExitCode(0, CLIENT);

                assertThat(sender.output().lines()).as(sender.output().file().toString())
                        .containsExactly("all messages confirmed");
                List<Integer> sequences = ProtonPython.sequenceNumbers(receiver.output().lines());
                assertThat(sequences).as("sequence numbers printed by simple_recv, in order; see %s",
                        receiver.output().file()).hasSize(MESSAGES)
                        .isEqualTo(IntStream.rangeClosed(1, MESSAGES).boxed().collect(Collectors.toList()));
            }
        }
    }

    /**
     * server.py on C, client.py on A: the requests go to {@code examples} on C, and the replies come back
     * through server.py's anonymous sender to client.py's dynamic reply-to {@code _topo/0/A/temp.*}, a
     * topological address of router A.
     */
    @Test
    void clientOnAGetsRepliesFromServerOnCThroughItsDynamicReplyToOnA() {
        try (MeshOfProcesses mesh = MeshOfProcesses.start(MeshLayout.line(3), logs.path())) {
            mesh.awaitConverged(CONVERGE);
            try (ChildProcess server = ProtonPython.example("server", logs.path(), "server.py",
                    "-a", mesh.hostPort("C") + "/examples")) {
                server.awaitLine("server.py 'Listening on'", line -> line.startsWith("Listening on"), CLIENT);
                try (ChildProcess client = ProtonPython.example("client", logs.path(), "client.py",
                        "-a", mesh.hostPort("A") + "/examples")) {
                    client.awaitExitCode(0, CLIENT);
                    assertThat(client.output().lines()).as(client.output().file().toString())
                            .containsExactlyElementsOf(ProtonPython.CLIENT_REPLIES);
                }
                List<String> received = ProtonPython.requestsReceived(server, CLIENT);
                assertThat(received).as("requests seen by server.py on C; see %s", server.output().file())
                        .hasSize(ProtonPython.CLIENT_REQUESTS.size())
                        .allSatisfy(line -> assertThat(line).contains("reply_to='amqp:/_topo/0/A/temp."));
            }
        }
    }
}
