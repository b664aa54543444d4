package org.jrouterd.systemtests.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stock Python Proton examples ({@code /usr/share/proton/examples/python}), unchanged, against a
 * {@code bin/jrouterd} process: what works against qdrouterd must work against jrouterd.
 */
@Timeout(120)
class ProtonPythonExamplesTest {

    private static final Duration CLIENT = Duration.ofSeconds(60);
    private static final int MESSAGES = 10_000;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @BeforeEach
    void requireProton() {
        ProtonPython.requireInstalled(logs.path(),
                "helloworld.py", "simple_send.py", "simple_recv.py", "server.py", "client.py");
    }

    @Test
    void helloWorldGetsItsOwnMessageBackThroughTheRouter() {
        try (RouterProcess router = RouterProcess.start("HelloWorld", logs.path());
             ChildProcess hello = ProtonPython.exampleRedirected("helloworld", logs.path(), "helloworld.py",
                     "localhost:5672", router.hostPort())) {
            hello.awaitExitCode(0, CLIENT);
            assertThat(hello.output().lines()).as(hello.output().file().toString()).containsExactly("Hello World!");
        }
    }

    @Test
    void simpleReceiverGetsAllTenThousandMessagesInOrderFromSimpleSender() {
        try (RouterProcess router = RouterProcess.start("SimpleSendRecv", logs.path());
             ChildProcess receiver = ProtonPython.example("simple_recv", logs.path(), "simple_recv.py",
                     "-a", router.hostPort() + "/examples", "-m", Integer.toString(MESSAGES));
             ChildProcess sender = ProtonPython.example("simple_send", logs.path(), "simple_send.py",
                     "-a", router.hostPort() + "/examples", "-m", Integer.toString(MESSAGES))) {
            sender.awaitExitCode(0, CLIENT);
            receiver.awaitExitCode(0, CLIENT);

            assertThat(sender.output().lines()).as(sender.output().file().toString())
                    .containsExactly("all messages confirmed");
            List<Integer> sequences = ProtonPython.sequenceNumbers(receiver.output().lines());
            assertThat(sequences).as("sequence numbers printed by simple_recv, in order; see %s",
                    receiver.output().file()).hasSize(MESSAGES)
                    .isEqualTo(IntStream.rangeClosed(1, MESSAGES).boxed().collect(Collectors.toList()));
            assertThat(receiver.output().lines()).last().isEqualTo("{'sequence': " + MESSAGES + "}");
        }
    }

    @Test
    void clientGetsUpperCasedRepliesFromServerThroughDynamicReplyToAndAnonymousSender() {
        try (RouterProcess router = RouterProcess.start("RequestReply", logs.path());
             ChildProcess server = ProtonPython.example("server", logs.path(), "server.py",
                     "-a", router.hostPort() + "/examples")) {
            server.awaitLine("server.py 'Listening on'", line -> line.startsWith("Listening on"), CLIENT);
            try (ChildProcess client = ProtonPython.example("client", logs.path(), "client.py",
                    "-a", router.hostPort() + "/examples")) {
                client.awaitExitCode(0, CLIENT);
                assertThat(client.output().lines()).as(client.output().file().toString())
                        .containsExactlyElementsOf(ProtonPython.CLIENT_REPLIES);
            }
            List<String> received = ProtonPython.requestsReceived(server, CLIENT);
            assertThat(received).as("requests seen by server.py; see %s", server.output().file())
                    .hasSize(ProtonPython.CLIENT_REQUESTS.size())
                    .allSatisfy(line -> assertThat(line)
                            .contains("reply_to='amqp:/_topo/0/" + router.id() + "/temp."));
        }
    }
}
