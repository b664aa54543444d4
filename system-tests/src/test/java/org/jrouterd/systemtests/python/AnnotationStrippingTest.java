package org.jrouterd.systemtests.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Client-supplied {@code x-opt-qd.*} annotations never pass through a router with the default listener. */
@Timeout(60)
class AnnotationStrippingTest {

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void routerAnnotationsFromAClientAreStrippedAndOthersKept() {
        ProtonPython.requireInstalled(logs.path());
        String script = String.join("\n",
                "import sys",
                "from proton import Message, symbol",
                "from proton.reactor import AtMostOnce",
                "from proton.utils import BlockingConnection",
                "connection = BlockingConnection(sys.argv[1])",
                "receiver = connection.create_receiver('strip.me')",
                "# pre-settled: a blocking unsettled send would wait for an acceptance that needs receive() first",
                "sender = connection.create_sender('strip.me', options=AtMostOnce())",
                "sender.send(Message(body='x', annotations={symbol('x-opt-qd.to'): 'elsewhere',",
                "    symbol('x-opt-qd.trace'): ['0/Spoofed'], symbol('x-opt-qd.ingress'): '0/Spoofed',",
                "    symbol('custom'): 'kept'}))",
                "message = receiver.receive(timeout=10)",
                "print('annotations', sorted((str(k), v) for k, v in (message.annotations or {}).items()))",
                "connection.close()");
        try (RouterProcess router = RouterProcess.start("Strip", logs.path());
             ChildProcess client = ChildProcess.start("strip-client",
                     List.of(ProtonPython.PYTHON.toString(), "-c", script, "127.0.0.1:" + router.port()),
                     Map.of("PYTHONUNBUFFERED", "1"), Jrouterd.home(), logs.path().resolve("strip-client.out"))) {
            client.awaitExitCode(0, Duration.ofSeconds(30));
            assertThat(client.output().lines()).contains("annotations [('custom', 'kept')]");
        }
    }
}
