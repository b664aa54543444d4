package org.jrouterd.systemtests.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Distribution;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RabbitMq;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * oslo.messaging with its AMQP 1.0 driver through jrouterd daemons started from the distribution, as OpenStack
 * deploys it: RPC call, cast, fanout, directed calls and concurrent clients through one router and through a mesh;
 * calls that carry on when a router on their path stops and another path exists; a client whose transport_url names
 * two routers failing over; and hybrid messaging, notifications through a RabbitMQ of the test's own with the rabbit
 * driver while RPC goes through jrouterd.
 */
@Timeout(300)
class OsloThroughRoutersTest {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private Oslo oslo;

    @BeforeEach
    void requireOslo() {
        oslo = new Oslo(logs.path());
    }

    private static String url(int... ports) {
        List<String> hosts = new ArrayList<>();
        for (int port : ports) {
            hosts.add("127.0.0.1:" + port);
        }
        return "amqp://" + String.join(",", hosts) + "//";
    }

    /** The shipped conf/openstack-rpc.conf on an ephemeral loopback port, run by the distribution's launcher. */
    private RouterProcess shippedConfigRouter() throws IOException {
        String local = Files.readString(Jrouterd.home().resolve("conf/openstack-rpc.conf"))
                .replace("host: 0.0.0.0", "host: 127.0.0.1")
                .replace("port: 5672", "port: 0")
                .replaceAll("output: \\S+", "output: stderr");
        Path conf = logs.path().resolve("openstack-rpc.conf");
        Files.writeString(conf, local);
        return RouterProcess.start("OpenStack", logs.path(),
                List.of(Distribution.launcher().toString(), "-c", conf.toString()));
    }

    private MeshOfProcesses.Builder mesh(MeshLayout layout) {
        return MeshOfProcesses.builder(layout, logs.path()).jrouterdLauncher(Distribution.launcher())
                .extraConfig(Oslo.shippedAddressSections());
    }

    @Test
    void callCastFanoutDirectedAndConcurrentClientsThroughOneRouter() throws IOException {
        try (RouterProcess router = shippedConfigRouter();
             ChildProcess s1 = oslo.server(url(router.port()), "compute", "s1", 120);
             ChildProcess s2 = oslo.server(url(router.port()), "compute", "s2", 120)) {
            String url = url(router.port());
            Oslo.Calls calls = oslo.calls(url, "compute", 1000, 4, 20, null);
            assertThat(calls.ok()).as("1,000 calls, each result checked: %s", calls.errors()).isEqualTo(1000);

            Oslo.Calls directed = oslo.calls(url, "compute", 50, 1, 20, "s2");
            assertThat(directed.ok()).as("calls directed at s2 answered by s2: %s", directed.errors()).isEqualTo(50);

            try (ChildProcess casts = oslo.start("casts", "casts", url, "compute", "20")) {
                casts.awaitExitCode(0, Duration.ofSeconds(60));
            }
            s1.awaitLine("s1's fanout", line -> line.equals("fanout s1 everyone"), Duration.ofSeconds(30));
            s2.awaitLine("s2's fanout", line -> line.equals("fanout s2 everyone"), Duration.ofSeconds(30));
            ChildProcess[] servers = {s1, s2};
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> casts(servers) == 20);

            List<ChildProcess> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(oslo.start("client-" + i, "calls", url, "compute", "200", "2", "20"));
            }
            for (ChildProcess client : clients) {
                try (client) {
                    client.awaitExitCode(0, Duration.ofSeconds(120));
                    Oslo.Calls tally = Oslo.tally(client);
                    assertThat(tally.ok()).as("%s: %s", client.name(), tally.errors()).isEqualTo(200);
                }
            }
        }
    }

    private static long casts(ChildProcess... servers) {
        long casts = 0;
        for (ChildProcess server : servers) {
            casts += server.output().lines().stream().filter(line -> line.startsWith("cast ")).count();
        }
        return casts;
    }

    @Test
    void callCastFanoutAndDirectedCallsCrossAThreeRouterMesh() {
        // A - B - C: the client at A, one server at B and one at C.
        try (MeshOfProcesses mesh = mesh(MeshLayout.line(3)).startConverged(CONVERGE);
             ChildProcess b1 = oslo.server(url(mesh.clientPort("B")), "network", "b1", 120);
             ChildProcess c1 = oslo.server(url(mesh.clientPort("C")), "network", "c1", 120)) {
            String url = url(mesh.clientPort("A"));
            Oslo.Calls calls = oslo.calls(url, "network", 300, 2, 20, null);
            assertThat(calls.ok()).as("A to B or C and back: %s", calls.errors()).isEqualTo(300);
            Oslo.Calls directed = oslo.calls(url, "network", 50, 1, 20, "c1");
            assertThat(directed.ok()).as("calls directed at c1, two hops away: %s", directed.errors())
                    .isEqualTo(50);
            try (ChildProcess casts = oslo.start("casts", "casts", url, "network", "20")) {
                casts.awaitExitCode(0, Duration.ofSeconds(60));
            }
            b1.awaitLine("b1's fanout", line -> line.equals("fanout b1 everyone"), Duration.ofSeconds(30));
            c1.awaitLine("c1's fanout", line -> line.equals("fanout c1 everyone"), Duration.ofSeconds(30));
            ChildProcess[] servers = {b1, c1};
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> casts(servers) == 20);
        }
    }

    @Test
    void callsResumeWhenTheRouterOnTheirPathStopsAndAParallelPathExists() {
        // A-B-D costs 2, A-C-D costs 4: calls from A to a server at D go through B until B stops.
        try (MeshOfProcesses mesh = mesh(MeshLayout.diamond(1, 2, 1, 2)).startConverged(CONVERGE);
             ChildProcess server = oslo.server(url(mesh.clientPort("D")), "volume", "d1", 150);
             ChildProcess calls = oslo.start("calls-for", "calls-for", url(mesh.clientPort("A")), "volume", "15",
                     "5")) {
            Oslo.awaitOk(calls, 50, Duration.ofSeconds(60));
            int[] before = Oslo.progress(calls);
            mesh.stop("B");
            Oslo.awaitOk(calls, before[0] + 50, Duration.ofSeconds(60));
            calls.awaitExitCode(0, Duration.ofSeconds(90));
            Oslo.Calls tally = Oslo.tally(calls);
            assertThat(tally.wrong()).isZero();
            // Calls in flight on B's links when it stops are lost and time out (5 s each); the driver's one
            // outstanding call at a time means at most a few.
            assertThat(tally.failed()).as("calls lost while B stopped: %s", tally.errors()).isLessThanOrEqualTo(3);
            assertThat(tally.ok()).isGreaterThan(before[0] + 50);
            System.out.printf("parallel path: %d calls ok, %d failed while B stopped%n", tally.ok(), tally.failed());
        }
    }

    @Test
    void aClientWhoseTransportUrlNamesTwoRoutersFailsOverWhenItsRouterStops() {
        // The driver starts on a random host of its URL: a server on each router, and the test stops whichever
        // router the client chose.
        try (MeshOfProcesses mesh = mesh(MeshLayout.line(2)).startConverged(CONVERGE);
             ChildProcess onA = oslo.server(url(mesh.clientPort("A")), "image", "a1", 150);
             ChildProcess onB = oslo.server(url(mesh.clientPort("B")), "image", "b1", 150);
             ChildProcess calls = oslo.start("calls-for", "calls-for",
                     url(mesh.clientPort("A"), mesh.clientPort("B")), "image", "15", "5")) {
            Oslo.awaitOk(calls, 50, Duration.ofSeconds(60));
            String pid = "/" + calls.process().pid() + "/";
            String first = opened(mesh.router("A"), pid) ? "A" : "B";
            String other = first.equals("A") ? "B" : "A";
            assertThat(opened(mesh.router(first), pid)).as("the client's connection is on %s", first).isTrue();
            int[] before = Oslo.progress(calls);
            mesh.stop(first);
            Oslo.awaitOk(calls, before[0] + 50, Duration.ofSeconds(60));
            assertThat(opened(mesh.router(other), pid)).as("the client came over to %s", other).isTrue();
            calls.awaitExitCode(0, Duration.ofSeconds(90));
            Oslo.Calls tally = Oslo.tally(calls);
            assertThat(tally.wrong()).isZero();
            assertThat(tally.failed()).as("calls lost in the failover: %s", tally.errors()).isLessThanOrEqualTo(3);
            System.out.printf("failover from %s: %d calls ok, %d failed%n", first, tally.ok(), tally.failed());
        }
    }

    /** Whether the router logged a client connection from the oslo process whose pid is in {@code pidPart}. */
    private static boolean opened(RouterProcess router, String pidPart) {
        return router.log().lines().stream()
                .anyMatch(line -> line.contains("Connection Opened: dir=in") && line.contains(pidPart));
    }

    @Test
    void hybridNotificationsThroughRabbitMqWhileRpcGoesThroughJrouterd() throws IOException {
        try (RabbitMq rabbit = RabbitMq.start(logs.path());
             RouterProcess router = shippedConfigRouter();
             ChildProcess hybrid = oslo.start("hybrid", "hybrid", url(router.port()), rabbit.url(), "200")) {
            hybrid.awaitExitCode(0, Duration.ofSeconds(180));
            assertThat(hybrid.output().lines()).contains("hybrid calls=200 notifications=200");
            assertThat(router.log().lines()).as("notifications never went through the router")
                    .noneMatch(line -> line.contains("openstack.org/om/notify"));
        }
    }
}
