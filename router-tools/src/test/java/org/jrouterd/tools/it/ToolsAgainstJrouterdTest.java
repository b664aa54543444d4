package org.jrouterd.tools.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * jrouterd-stat and jrouterd-manage against an embedded jrouterd; with {@code QDROUTERD_HOME} set, also the real
 * qdstat and qdmanage against the same router, whose output ours must equal but for what changes between runs.
 */
@Timeout(60)
class ToolsAgainstJrouterdTest {

    private static Router router;
    private static String bus;

    @BeforeAll
    static void startRouter() {
        router = Router.builder().id("ToolsA").listener("127.0.0.1", 0).ioThreads(1).start();
        bus = "127.0.0.1:" + router.port();
    }

    @AfterAll
    static void stopRouter() {
        router.close();
    }

    @Test
    void generalViewShowsTheDateTheRouterIdAndItsStatistics() {
        ToolRun run = ToolRun.stat("-b", bus, "-g");
        assertThat(run.status()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})? UTC");
        assertThat(lines.subList(1, 4)).containsExactly("ToolsA", "", "Router Statistics");
        assertThat(lines.get(4)).startsWith("  attr ").contains("value");
        assertThat(lines).contains("  Router Id                        ToolsA");
    }

    @Test
    void queryAndReadPrintJsonAsQdmanage() {
        ToolRun query = ToolRun.manage("-b", bus, "query", "--type", "router", "id", "mode");
        assertThat(query.status()).isZero();
        assertThat(query.stdout()).isEqualTo("[\n  {\n    \"id\": \"ToolsA\",\n    \"mode\": \"standalone\"\n  }\n]\n");
        ToolRun read = ToolRun.manage("-b", bus, "read", "--type", "router", "--name", "ToolsA", "--indent", "-1");
        assertThat(read.stdout()).startsWith("{").contains("\"id\": \"ToolsA\"").endsWith("}\n");
        ToolRun nodes = ToolRun.manage("-b", bus, "get-mgmt-nodes");
        assertThat(nodes.status()).isZero();
    }

    @Test
    void unknownEntityIsReportedAsQdmanageReportsNotFound() {
        ToolRun run = ToolRun.manage("-b", bus, "read", "--type", "listener", "--identity", "nosuch");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("NotFoundStatus: ");
    }

    @Test
    void notImplementedCreateIsReportedAsQdmanageReportsAnError() {
        ToolRun run = ToolRun.manage("-b", bus, "create", "--type", "autoLink", "name=a1", "address=q",
                "direction=in", "connection=c");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("NotImplementedStatus: ").endsWith("\n");
    }

    @Test
    void refusedConnectionIsReportedInPythonProtonsWords() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ToolRun run = ToolRun.stat("-b", "127.0.0.1:" + port, "-g");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("ConnectionException: Connection amqp://127.0.0.1:" + port
                + " disconnected: Condition('proton.pythonio', 'Connection refused to all addresses')\n");
    }

    @Test
    void silentPeerTimesOutWithQdstatsMessage() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    ignored.getInputStream().readAllBytes();
                } catch (IOException e) {
                    // the test closed the socket
                }
            }, "silent-peer");
            acceptor.setDaemon(true);
            acceptor.start();
            ToolRun run = ToolRun.stat("-b", "127.0.0.1:" + silent.getLocalPort(), "-t", "0.3", "-g");
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.stdout()).isEqualTo("Timeout: Connection amqp://127.0.0.1:" + silent.getLocalPort()
                    + " timed out: Opening connection\n");
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(ToolRun.stat("-g", "-c").status()).isEqualTo(2);
        assertThat(ToolRun.manage().status()).isEqualTo(2);
        assertThat(ToolRun.manage("read", "extra").status()).isEqualTo(2);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = ToolRun.QDROUTERD_HOME, matches = ".+")
    void qdstatViewsEqualTheRealQdstats() throws Exception {
        for (List<String> view : List.of(List.of("-g"), List.of("-g", "--csv"), List.of("-n"), List.of("-n", "-v"),
                List.of("-m"), List.of("--autolinks"), List.of("--linkroutes"), List.of("-a"), List.of("-a", "-v"),
                List.of("-r", "ToolsA", "-g"), List.of("--all-routers", "-g"))) {
            String[] args = concat(List.of("-b", bus), view);
            ToolRun real = ToolRun.reference("qdstat", args);
            ToolRun ours = ToolRun.stat(args);
            assertThat(ours.status()).as("status of %s", view).isEqualTo(real.status());
            assertThat(ours.stable()).as("qdstat %s", view).isEqualTo(real.stable());
        }
        for (List<String> view : List.of(List.of("-c", "--csv"), List.of("-l", "--csv"), List.of("-l", "-v", "--csv"),
                List.of("-a", "--csv"))) {
            String[] args = concat(List.of("-b", bus), view);
            ToolRun real = ToolRun.reference("qdstat", args);
            ToolRun ours = ToolRun.stat(args);
            assertThat(ours.status()).as("status of %s", view).isEqualTo(real.status());
            assertThat(ours.stableCsv()).as("qdstat %s", view).isEqualTo(real.stableCsv());
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = ToolRun.QDROUTERD_HOME, matches = ".+")
    void qdmanageOperationsEqualTheRealQdmanages() throws Exception {
        for (List<String> operation : List.of(List.of("get-types"), List.of("get-mgmt-nodes"),
                List.of("get-attributes", "listener"), List.of("get-operations", "--type", "listener"),
                List.of("get-annotations"), List.of("query", "--type", "listener"),
                List.of("query", "--type", "router", "id", "mode", "--indent", "-1"),
                List.of("read", "--type", "router", "--name", "ToolsA"),
                List.of("read", "--type", "listener", "--identity", "nosuch"),
                List.of("query", "--type", "address", "--indent", "0"),
                List.of("create", "--type", "autoLink", "name=a1", "address=q", "direction=in", "connection=c"))) {
            String[] args = concat(List.of("-b", bus), operation);
            ToolRun real = ToolRun.reference("qdmanage", args);
            ToolRun ours = ToolRun.manage(args);
            assertThat(ours.status()).as("status of %s", operation).isEqualTo(real.status());
            assertThat(ours.stable()).as("qdmanage %s", operation).isEqualTo(real.stable());
        }
    }

    static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
