package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
 * The real qdstat 1.19 against jrouterd, compared with what it shows for qdrouterd in the same scenario: a line of
 * two routers A–B of one kind, a JMS consumer of {@code orders} on B and a producer on A that has sent 20
 * messages, all accepted. Each {@code qdstat} view exits 0 and shows the same columns for both kinds, and the rows
 * that describe the scenario (the routers, the client connections and links, the client's address) are there for
 * both; values that legitimately differ (ids, counters of the routers' own traffic, internal addresses) are not
 * compared.
 */
@Timeout(300)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class QdstatShapesTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration TRAFFIC = Duration.ofSeconds(30);
    private static final Duration QDSTAT = Duration.ofSeconds(30);
    private static final String ADDRESS = "orders";

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void everyViewOfQdstatShowsTheSameColumnsAndScenarioRowsAsForQdrouterd() throws Exception {
        Map<RouterKind, Map<String, Table>> views = new EnumMap<>(RouterKind.class);
        for (RouterKind kind : RouterKind.values()) {
            Path folder = logs.path().resolve(kind.name().toLowerCase(java.util.Locale.ROOT));
            java.nio.file.Files.createDirectories(folder);
            try (MeshOfProcesses mesh = MeshOfProcesses.builder(MeshLayout.line(2), folder)
                    .kind("A", kind).kind("B", kind).start();
                 JmsClients clients = new JmsClients()) {
                mesh.awaitConverged(CONVERGE);
                JmsClients.Received received = clients.receive(mesh.clientPort("B"), ADDRESS);
                clients.send(mesh.clientPort("A"), ADDRESS, 0, 20).assertAllAccepted(20, TRAFFIC, ADDRESS);
                InteropAwait.until("the consumer has all 20", TRAFFIC, () -> received.count() >= 20);

                Map<String, Table> tables = new java.util.LinkedHashMap<>();
                int a = mesh.clientPort("A");
                for (String view : List.of("-g", "-c", "-l", "-a", "-n")) {
                    tables.put(view, qdstat(folder, kind, a, view));
                }
                tables.put("-a -r B", qdstat(folder, kind, a, "-a", "-r", "B"));
                tables.put("-c -r B", qdstat(folder, kind, a, "-c", "-r", "B"));
                views.put(kind, tables);
            }
        }
        Map<String, Table> qdrouterd = views.get(RouterKind.QDROUTERD);
        Map<String, Table> jrouterd = views.get(RouterKind.JROUTERD);
        for (String view : qdrouterd.keySet()) {
            assertThat(jrouterd.get(view).columns).as("qdstat %s columns", view)
                    .isEqualTo(qdrouterd.get(view).columns);
        }
        // -g: the same statistics, by name.
        assertThat(jrouterd.get("-g").column("attr")).as("qdstat -g rows")
                .isEqualTo(qdrouterd.get("-g").column("attr"));
        // -n: both routers, from A.
        for (Map<String, Table> tables : views.values()) {
            assertThat(new TreeSet<>(tables.get("-n").column("router-id"))).as("qdstat -n").containsExactly("A", "B");
        }
        // -c at A: the producer's connection and the inter-router one; at B the consumer's.
        for (RouterKind kind : RouterKind.values()) {
            Table connections = views.get(kind).get("-c");
            assertThat(connections.column("role")).as("%s qdstat -c roles", kind).contains("normal", "inter-router");
            assertThat(views.get(kind).get("-c -r B").column("role")).as("%s qdstat -c -r B", kind)
                    .contains("normal", "inter-router");
        }
        // -a: the client's address, mobile, phase 0; at B with one local consumer.
        for (RouterKind kind : RouterKind.values()) {
            assertThat(views.get(kind).get("-a").rows).as("%s qdstat -a has mobile %s", kind, ADDRESS)
                    .anySatisfy(row -> assertThat(List.of(row.get(0), row.get(1))).containsExactly("mobile", ADDRESS));
            assertThat(views.get(kind).get("-a -r B").rows).as("%s qdstat -a -r B", kind)
                    .anySatisfy(row -> {
                        assertThat(List.of(row.get(0), row.get(1))).containsExactly("mobile", ADDRESS);
                        assertThat(row.get(views.get(kind).get("-a -r B").columns.indexOf("local"))).isEqualTo("1");
                    });
        }
        // -a counts, the same on both kinds: the 20 entered at A and were sent on to B, where they left.
        for (RouterKind kind : RouterKind.values()) {
            assertThat(counts(views.get(kind).get("-a"))).as("%s qdstat -a in/out/thru at A", kind)
                    .containsExactly("20", "0", "20");
            assertThat(counts(views.get(kind).get("-a -r B"))).as("%s qdstat -a in/out/thru at B", kind)
                    .containsExactly("0", "20", "0");
        }
        // -l at A: the producer's endpoint link in, with its 20 deliveries; inter-router links.
        for (RouterKind kind : RouterKind.values()) {
            Table links = views.get(kind).get("-l");
            assertThat(links.column("type")).as("%s qdstat -l types", kind).contains("endpoint", "inter-router");
            assertThat(links.rows).as("%s qdstat -l: the producer's link", kind).anySatisfy(row -> {
                assertThat(row.get(links.columns.indexOf("type"))).isEqualTo("endpoint");
                assertThat(row.get(links.columns.indexOf("dir"))).isEqualTo("in");
                assertThat(row.get(links.columns.indexOf("addr"))).isEqualTo(ADDRESS);
                assertThat(row.get(links.columns.indexOf("deliv"))).isEqualTo("20");
                assertThat(row.get(links.columns.indexOf("acc"))).isEqualTo("20");
            });
        }
    }

    /** The {@code in}, {@code out} and {@code thru} counts of the scenario's address in a {@code qdstat -a}. */
    private static List<String> counts(Table addresses) {
        List<String> row = addresses.rows.stream().filter(r -> r.get(1).equals(ADDRESS)).findFirst().orElseThrow();
        return List.of(row.get(addresses.columns.indexOf("in")), row.get(addresses.columns.indexOf("out")),
                row.get(addresses.columns.indexOf("thru")));
    }

    /** One qdstat table as CSV: the header's columns and the rows. */
    record Table(List<String> columns, List<List<String>> rows) {
        List<String> column(String name) {
            int index = columns.indexOf(name);
            assertThat(index).as("column %s in %s", name, columns).isNotNegative();
            return rows.stream().map(row -> row.get(index)).toList();
        }
    }

    private static Table qdstat(Path folder, RouterKind kind, int port, String... view) {
        Path home = RouterKind.qdrouterdHome().orElseThrow();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/qdstat").toString(), "-b",
                "127.0.0.1:" + port, "--csv"));
        command.addAll(List.of(view));
        String name = "qdstat" + String.join("", view).replace(" ", "");
        try (ChildProcess qdstat = ChildProcess.start(name, command, Map.of(), folder,
                folder.resolve(name + ".out"))) {
            qdstat.awaitExitCode(0, QDSTAT);
            List<String> lines = qdstat.output().lines();
            int header = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("\"")) {
                    header = i;
                    break;
                }
            }
            if (header < 0) {
                throw qdstat.failure(kind + ": no CSV table in qdstat " + String.join(" ", view));
            }
            List<List<String>> rows = new ArrayList<>();
            for (String line : lines.subList(header + 1, lines.size())) {
                if (line.startsWith("\"")) {
                    rows.add(csv(line));
                }
            }
            return new Table(csv(lines.get(header)), rows);
        }
    }

    private static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        for (String field : line.split(",", -1)) {
            fields.add(field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
                    ? field.substring(1, field.length() - 1) : field);
        }
        return fields;
    }
}
