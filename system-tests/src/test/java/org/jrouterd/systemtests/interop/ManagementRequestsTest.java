package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Management requests at scale and bad ones, against a jrouterd process and, for the statuses, the same requests
 * against qdrouterd 1.19: the real qdstat pages through 10,000 addresses in use; each bad request gets the status
 * code qdrouterd gives it, a request without reply-to is dropped, and the agent answers the next request as
 * before.
 */
@Timeout(300)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class ManagementRequestsTest {

    private static final Duration TOOL = Duration.ofSeconds(60);
    private static final int ADDRESSES = 10_000;

    /** Attaches N receivers on addresses many.0 ... many.N-1 over one connection, says so, then waits. */
    private static final String MANY_RECEIVERS = """
            import sys
            from proton.handlers import MessagingHandler
            from proton.reactor import Container

            class Many(MessagingHandler):
                def __init__(self, url, count):
                    super().__init__(prefetch=0)
                    self.url, self.count, self.opened = url, count, 0

                def on_start(self, event):
                    connection = event.container.connect(self.url)
                    for i in range(self.count):
                        event.container.create_receiver(connection, "many.%d" % i)

                def on_link_opened(self, event):
                    self.opened += 1
                    if self.opened == self.count:
                        print("ready %d" % self.opened, flush=True)

            Container(Many(sys.argv[1], int(sys.argv[2]))).run()
            """;

    /** Sends each request to $management and prints "status NAME CODE"; "dropped" when no answer came. */
    private static final String BAD_REQUESTS = """
            import sys
            from proton import Message
            from proton.utils import BlockingConnection, SyncRequestResponse

            NODE = "org.amqp.management"
            REQUESTS = [
                ("unknown-operation", {"operation": "FROB", "type": NODE, "name": "self"}, {}),
                ("no-operation", {"type": NODE, "name": "self"}, {}),
                ("unknown-type", {"operation": "QUERY", "type": NODE, "entityType": "org.apache.qpid.dispatch.bogus"},
                 {"attributeNames": []}),
                ("unknown-attribute", {"operation": "QUERY", "type": NODE,
                                       "entityType": "org.apache.qpid.dispatch.listener"},
                 {"attributeNames": ["bogus"]}),
                ("unknown-identity", {"operation": "READ", "type": "org.apache.qpid.dispatch.listener",
                                      "identity": "listener/nowhere:1"}, {}),
                ("no-name-or-identity", {"operation": "READ", "type": "org.apache.qpid.dispatch.listener"}, {}),
                ("operation-not-allowed", {"operation": "UPDATE", "type": "org.apache.qpid.dispatch.router.node",
                                           "name": "x"}, {}),
                ("get-types", {"operation": "GET-TYPES", "type": NODE, "name": "self"}, {}),
            ]

            connection = BlockingConnection("amqp://" + sys.argv[1], timeout=10)
            client = SyncRequestResponse(connection, "$management")
            # Without reply-to: nothing can answer it; the next request must still be answered.
            client.sender.send(Message(properties={"operation": "GET-TYPES", "type": NODE, "name": "self"}, body={}))
            print("sent no-reply-to", flush=True)
            for name, properties, body in REQUESTS:
                response = client.call(Message(properties=properties, body=body))
                print("status %s %d %s" % (name, int(response.properties["statusCode"]),
                                           response.properties.get("statusDescription")), flush=True)
            connection.close()
            """;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void qdstatPagesThroughTenThousandAddresses() {
        try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(1), logs.path())
                .kind("A", RouterKind.JROUTERD).start();
             ChildProcess receivers = python("many", MANY_RECEIVERS, mesh.hostPort("A"),
                     Integer.toString(ADDRESSES))) {
            receivers.awaitLine("all receivers attached", line -> line.equals("ready " + ADDRESSES),
                    Duration.ofSeconds(120));
            String table = tool("qdstat-a", "qdstat", "-b", mesh.hostPort("A"), "-a", "--csv");
            assertThat(table.lines().filter(line -> line.startsWith("\"mobile\",\"many.")).count())
                    .as("rows of qdstat -a").isEqualTo(ADDRESSES);
        }
    }

    @Test
    void badRequestsGetQdrouterdsStatusesAndTheAgentCarriesOn() {
        Map<RouterKind, Map<String, String>> statuses = new EnumMap<>(RouterKind.class);
        for (RouterKind kind : RouterKind.values()) {
            Path folder = logs.path().resolve(kind.name().toLowerCase(java.util.Locale.ROOT));
            try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(1), mkdirs(folder))
                    .kind("A", kind).start();
                 ChildProcess requests = python(kind + "-bad", BAD_REQUESTS, mesh.hostPort("A"))) {
                requests.awaitExitCode(0, TOOL);
                Map<String, String> codes = new LinkedHashMap<>();
                for (String line : requests.output().lines()) {
                    if (line.startsWith("status ")) {
                        String[] fields = line.split(" ", 4);
                        codes.put(fields[1], fields[2]);
                    }
                }
                statuses.put(kind, codes);
            }
        }
        Map<String, String> jrouterd = statuses.get(RouterKind.JROUTERD);
        assertThat(jrouterd).as("jrouterd's statuses, against qdrouterd's").isEqualTo(
                statuses.get(RouterKind.QDROUTERD));
        assertThat(jrouterd).containsEntry("get-types", "200").containsEntry("unknown-identity", "404")
                .containsEntry("unknown-type", "400");
    }

    private ChildProcess python(String name, String script, String... args) {
        Path file = logs.path().resolve(name + ".py");
        try {
            Files.writeString(file, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", file.toString()));
        command.addAll(List.of(args));
        return ChildProcess.start(name, command, Map.of("PYTHONUNBUFFERED", "1", "PYTHONDONTWRITEBYTECODE", "1"),
                logs.path(), logs.path().resolve(name + ".out"));
    }

    private String tool(String name, String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(RouterKind.qdrouterdHome().orElseThrow().resolve("bin").resolve(tool).toString());
        command.addAll(List.of(args));
        try (ChildProcess child = ChildProcess.start(name, command, Map.of(), logs.path(),
                logs.path().resolve(name + ".out"))) {
            child.awaitExitCode(0, TOOL);
            return child.output().text();
        }
    }

    private static Path mkdirs(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
