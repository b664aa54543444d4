package org.jrouterd.tools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * jrouterd-stat and jrouterd-manage against the real qdrouterd 1.19 from {@code QDROUTERD_HOME}, compared with the
 * real qdstat and qdmanage; CREATE, READ and DELETE of a listener, which qdrouterd implements.
 */
@Timeout(60)
@EnabledIfEnvironmentVariable(named = ToolRun.QDROUTERD_HOME, matches = ".+")
class ToolsAgainstQdrouterdTest {

    private static Process qdrouterd;
    private static Path folder;
    private static String bus;

    @BeforeAll
    static void startQdrouterd() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        folder = Files.createTempDirectory("tools-qdrouterd");
        Path config = folder.resolve("qdrouterd.conf");
        Files.writeString(config, """
                router {
                    mode: standalone
                    id: ToolsQ
                }
                listener {
                    host: 127.0.0.1
                    port: %d
                    authenticatePeer: no
                    saslMechanisms: ANONYMOUS
                }
                """.formatted(port));
        qdrouterd = new ProcessBuilder(ToolRun.home().orElseThrow().resolve("bin/qdrouterd").toString(), "-c",
                config.toString()).redirectErrorStream(true).redirectOutput(folder.resolve("qdrouterd.log").toFile())
                .start();
        bus = "127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> accepts(port));
    }

    private static boolean accepts(int port) {
        if (!qdrouterd.isAlive()) {
            throw new AssertionError("qdrouterd exited; see " + folder.resolve("qdrouterd.log"));
        }
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopQdrouterd() throws InterruptedException {
        if (qdrouterd != null) {
            qdrouterd.destroy();
            if (!qdrouterd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                qdrouterd.destroyForcibly();
            }
        }
    }

    @Test
    void qdstatViewsEqualTheRealQdstats() throws Exception {
        for (List<String> view : List.of(List.of("-n"), List.of("--autolinks"), List.of("--linkroutes"),
                List.of("-a", "--csv"), List.of("-a", "-v", "--csv"), List.of("-c", "--csv"), List.of("-l", "--csv"),
                List.of("-g", "--csv"))) {
            String[] args = ToolsAgainstJrouterdTest.concat(List.of("-b", bus), view);
            ToolRun real = ToolRun.reference("qdstat", args);
            ToolRun ours = ToolRun.stat(args);
            assertThat(ours.status()).as("status of %s", view).isEqualTo(real.status());
            assertThat(withoutVmSize(ours.stableCsv())).as("qdstat %s", view)
                    .isEqualTo(withoutVmSize(real.stableCsv()));
        }
        ToolRun memory = ToolRun.stat("-b", bus, "-m");
        assertThat(memory.status()).isZero();
        assertThat(memory.stdout()).contains("Memory Pools", "Memory Summary");
    }

    private static String withoutVmSize(String text) {
        return text.replaceAll("(VmSize\\W+)[^\\n]*", "$1<size>");
    }

    @Test
    void qdmanageQueriesEqualTheRealQdmanages() throws Exception {
        for (List<String> operation : List.of(List.of("get-types"), List.of("get-mgmt-nodes"),
                List.of("get-attributes", "--type", "listener"), List.of("get-operations", "listener"),
                List.of("query", "--type", "listener"), List.of("query", "--type", "router", "id", "mode"),
                List.of("read", "--type", "listener", "--identity", "nosuch"))) {
            String[] args = ToolsAgainstJrouterdTest.concat(List.of("-b", bus), operation);
            ToolRun real = ToolRun.reference("qdmanage", args);
            ToolRun ours = ToolRun.manage(args);
            assertThat(ours.status()).as("status of %s", operation).isEqualTo(real.status());
            assertThat(ours.stable()).as("qdmanage %s", operation).isEqualTo(real.stable());
        }
        // The log grows with every connection, so only its shape: qdmanage sends get-log as written.
        ToolRun log = ToolRun.manage("-b", bus, "get-log", "limit=2");
        assertThat(log.status()).as(log.stdout()).isZero();
        assertThat(log.stdout()).startsWith("[\n  [\n    \"").endsWith("]\n]\n");
    }

    @Test
    void createReadAndDeleteAListenerAsQdmanageDoes() throws Exception {
        ToolRun created = ToolRun.manage("-b", bus, "create", "--type", "listener", "name=extra", "host=127.0.0.1",
                "port=0", "maxFrameSize=32768");
        assertThat(created.status()).as(created.stdout()).isZero();
        assertThat(created.stdout()).contains("\"name\": \"extra\"", "\"maxFrameSize\": 32768");
        String[] read = {"-b", bus, "read", "--type", "listener", "--name", "extra"};
        assertThat(ToolRun.manage(read).stdout()).isEqualTo(ToolRun.reference("qdmanage", read).stdout());
        ToolRun deleted = ToolRun.manage("-b", bus, "delete", "--type", "listener", "--name", "extra");
        assertThat(deleted.status()).isZero();
        assertThat(deleted.stdout()).isEmpty();
        ToolRun gone = ToolRun.manage(read);
        assertThat(gone.status()).isEqualTo(1);
        assertThat(gone.stdout()).isEqualTo(ToolRun.reference("qdmanage", read).stdout()).startsWith("NotFoundStatus: ");
    }
}
