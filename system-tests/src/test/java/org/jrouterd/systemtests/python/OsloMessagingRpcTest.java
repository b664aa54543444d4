package org.jrouterd.systemtests.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * OpenStack's RPC through jrouterd: oslo.messaging (Debian's python3-oslo.messaging with its AMQP 1.0 driver,
 * python3-pyngus) against a router started with the shipped {@code conf/openstack-rpc.conf}, changed only to
 * listen on an ephemeral loopback port.
 */
@Timeout(180)
class OsloMessagingRpcTest {

    private static final String INSTALL = "install the Debian packages python3-oslo.messaging and python3-pyngus";

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private Path openstackConfig(boolean failFast) throws IOException {
        String shipped = Files.readString(Jrouterd.home().resolve("conf/openstack-rpc.conf"));
        if (failFast) {
            assertThat(shipped).as("the shipped file offers fail-fast, commented out").contains("    # failFast: yes");
            shipped = shipped.replace("    # failFast: yes", "    failFast: yes");
        }
        String local = shipped
                .replace("host: 0.0.0.0", "host: 127.0.0.1")
                .replace("port: 5672", "port: 0")
                .replaceAll("output: \\S+", "output: stderr");
        assertThat(local).as("the shipped file still has the listener this test rewrites")
                .contains("host: 127.0.0.1", "port: 0");
        Path conf = logs.path().resolve("openstack-rpc.conf");
        Files.writeString(conf, local);
        return conf;
    }

    private void requireOslo() {
        ProtonPython.requireInstalled(logs.path());
        try (ChildProcess check = ChildProcess.start("python3 import oslo_messaging",
                List.of(ProtonPython.PYTHON.toString(), "-c", "import oslo_messaging, pyngus"), Map.of(),
                Jrouterd.home(), logs.path().resolve("oslo-check.out"))) {
            if (check.awaitExit(Duration.ofSeconds(60)) != 0) {
                throw check.failure(ProtonPython.PYTHON + " cannot import oslo_messaging and pyngus: " + INSTALL);
            }
        }
    }

    @Test
    void callCastAndFanoutReachTheirServersAndAnUnservedCallFailsWithinItsTimeout() throws IOException {
        String unserved = runChecks(false);
        assertThat(unserved).as("a call nobody serves fails fast (no credit), within its 3 s timeout")
                .matches("unserved MessagingTimeout after [2-6] s");
    }

    @Test
    void withFailFastAddressesAnUnservedCallFailsAtOnce() throws IOException {
        String unserved = runChecks(true);
        assertThat(unserved).as("rejected by the router: the driver raises MessageDeliveryFailure")
                .startsWith("unserved MessageDeliveryFailure after ");
        double seconds = Double.parseDouble(unserved.substring(unserved.lastIndexOf("after ") + 6,
                unserved.length() - 2));
        assertThat(seconds).as("time to failure, against the 3 s timeout").isLessThan(1.0);
    }

    /** Runs oslo_rpc_check.py through a router; checks what every run must show; returns the unserved line. */
    private String runChecks(boolean failFast) throws IOException {
        requireOslo();
        Path script = Path.of("src", "test", "resources", "oslo_rpc_check.py").toAbsolutePath();
        try (RouterProcess router = RouterProcess.start("OpenStack", logs.path(),
                List.of(Jrouterd.launcher().toString(), "-c", openstackConfig(failFast).toString()));
             ChildProcess rpc = ChildProcess.start("oslo-rpc",
                     List.of(ProtonPython.PYTHON.toString(), script.toString(),
                             "amqp://127.0.0.1:" + router.port() + "/"),
                     Map.of("PYTHONUNBUFFERED", "1"), Jrouterd.home(), logs.path().resolve("oslo-rpc.out"))) {
            rpc.awaitExitCode(0, Duration.ofSeconds(120));
            List<String> lines = rpc.output().lines();
            assertThat(lines).anyMatch(line -> line.matches("call server[12]:HELLO"));
            assertThat(lines).contains("directed server2:TO TWO", "casts 1", "fanout server1=f1 server2=f1", "done");
            return lines.stream().filter(line -> line.startsWith("unserved")).findFirst().orElseThrow(
                    () -> rpc.failure("no line about the unserved call"));
        }
    }
}
