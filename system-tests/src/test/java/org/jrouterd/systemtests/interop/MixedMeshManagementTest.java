package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Management across a mixed mesh, with the real qdstat and qdmanage 1.19: a qdrouterd and a jrouterd connected in
 * either dial direction; from each router's client port, {@code qdmanage get-mgmt-nodes} lists both routers'
 * management nodes (as qdrouterd lists them: itself included), {@code qdstat -r <other> -g} and {@code -c} answer
 * for the other router (the request and the response cross the mixed hop), and {@code qdstat --all-routers -g}
 * shows both.
 */
@Timeout(180)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedMeshManagementTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration TOOL = Duration.ofSeconds(30);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @ParameterizedTest
    @EnumSource(Dial.class)
    void eachRouterIsManagedThroughTheOther(Dial dial) {
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(2), logs.path())
                .kind("A", dial.listener).kind("B", dial.connector).start()) {
            mesh.awaitConverged(CONVERGE);
            for (String[] pair : new String[][] {{"A", "B"}, {"B", "A"}}) {
                String at = pair[0];
                String other = pair[1];
                String bus = "127.0.0.1:" + mesh.clientPort(at);
                assertThat(run(at + "-get-mgmt-nodes", "qdmanage", "-b", bus, "get-mgmt-nodes"))
                        .as("%s (%s) lists both routers' nodes", at, mesh.kind(at))
                        .contains("amqp:/_topo/0/A/$management", "amqp:/_topo/0/B/$management");
                assertThat(run(at + "-r-" + other + "-g", "qdstat", "-b", bus, "-r", other, "-g"))
                        .as("qdstat -r %s -g through %s", other, at).containsPattern("Router Id\\s+" + other);
                assertThat(run(at + "-r-" + other + "-c", "qdstat", "-b", bus, "-r", other, "-c"))
                        .as("qdstat -r %s -c through %s", other, at).contains("inter-router");
                assertThat(run(at + "-all-routers-g", "qdstat", "-b", bus, "--all-routers", "-g"))
                        .as("qdstat --all-routers -g from %s", at).containsPattern("Router Id\\s+A")
                        .containsPattern("Router Id\\s+B");
            }
        }
    }

    private String run(String name, String tool, String... args) {
        Path home = RouterKind.qdrouterdHome().orElseThrow();
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(tool).toString());
        command.addAll(List.of(args));
        try (ChildProcess child = ChildProcess.start(name, command, Map.of(), logs.path(),
                logs.path().resolve(name + ".out"))) {
            child.awaitExitCode(0, TOOL);
            return child.output().text();
        }
    }
}
