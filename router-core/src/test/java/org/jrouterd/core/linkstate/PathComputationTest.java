package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PathComputationTest {

    /** A link-state database built from undirected links "A-B:cost"; every router lists its links. */
    static Map<String, LinkState> database(String... links) {
        Map<String, Map<String, Long>> peers = new TreeMap<>();
        for (String link : links) {
            String[] ends = link.split("[-:]");
            long cost = Long.parseLong(ends[2]);
            peers.computeIfAbsent(ends[0], id -> new TreeMap<>()).put(ends[1], cost);
            peers.computeIfAbsent(ends[1], id -> new TreeMap<>()).put(ends[0], cost);
        }
        Map<String, LinkState> database = new HashMap<>();
        peers.forEach((id, p) -> database.put(id, new LinkState(id, "0", 1, p)));
        return database;
    }

    private static Topology from(String self, Map<String, LinkState> database) {
        return PathComputation.compute(self, database);
    }

    @Test
    void lineABCGivesNextHopsCostsAndValidOrigins() {
        Map<String, LinkState> line = database("A-B:1", "B-C:1");

        Topology a = from("A", line);
        assertThat(a.nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
        assertThat(a.costs()).isEqualTo(Map.of("B", 1L, "C", 2L));
        assertThat(a.routes().values()).allSatisfy(route -> assertThat(route.validOrigins()).isEmpty());

        Topology b = from("B", line);
        assertThat(b.nextHops()).isEqualTo(Map.of("A", "A", "C", "C"));
        assertThat(b.route("A").orElseThrow().validOrigins()).containsExactly("C");
        assertThat(b.route("C").orElseThrow().validOrigins()).containsExactly("A");
        assertThat(b.route("A").orElseThrow().isNeighbour()).isTrue();

        Topology c = from("C", line);
        assertThat(c.nextHops()).isEqualTo(Map.of("A", "B", "B", "B"));
        assertThat(c.costs()).isEqualTo(Map.of("A", 2L, "B", 1L));
    }

    @Test
    void ringOfFiveGoesBothWaysRound() {
        Map<String, LinkState> ring = database("A-B:1", "B-C:1", "C-D:1", "D-E:1", "E-A:1");

        Topology a = from("A", ring);
        assertThat(a.nextHops()).isEqualTo(Map.of("B", "B", "C", "B", "D", "E", "E", "E"));
        assertThat(a.costs()).isEqualTo(Map.of("B", 1L, "C", 2L, "D", 2L, "E", 1L));
        assertThat(validOrigins(a)).isEqualTo(Map.of("B", List.of("E"), "C", List.of(), "D", List.of(),
                "E", List.of("B")));

        Topology c = from("C", ring);
        assertThat(c.nextHops()).isEqualTo(Map.of("A", "B", "B", "B", "D", "D", "E", "D"));
        assertThat(validOrigins(c)).isEqualTo(Map.of("A", List.of(), "B", List.of("D"), "D", List.of("B"),
                "E", List.of()));
    }

    @Test
    void diamondWithUnequalCostsTakesTheCheaperWay() {
        Map<String, LinkState> diamond = database("A-B:1", "A-C:5", "B-D:1", "C-D:1");

        Topology a = from("A", diamond);
        assertThat(a.nextHops()).isEqualTo(Map.of("B", "B", "C", "B", "D", "B"));
        assertThat(a.costs()).isEqualTo(Map.of("B", 1L, "C", 3L, "D", 2L));
        assertThat(validOrigins(a)).isEqualTo(Map.of("B", List.of(), "C", List.of(), "D", List.of()));

        Topology b = from("B", diamond);
        assertThat(b.nextHops()).isEqualTo(Map.of("A", "A", "C", "D", "D", "D"));
        assertThat(validOrigins(b)).isEqualTo(Map.of("A", List.of("C", "D"), "C", List.of("A"), "D", List.of("A")));

        Topology c = from("C", diamond);
        assertThat(c.nextHops()).isEqualTo(Map.of("A", "D", "B", "D", "D", "D"));
        assertThat(c.costs()).isEqualTo(Map.of("A", 3L, "B", 2L, "D", 1L));
    }

    @Test
    void equalCostPathsAreBrokenByTheLowerRouterId() {
        Topology a = from("A", database("A-B:1", "A-C:1", "B-D:1", "C-D:1"));
        assertThat(a.nextHops()).containsEntry("D", "B");
        Topology d = from("D", database("A-B:1", "A-C:1", "B-D:1", "C-D:1"));
        assertThat(d.nextHops()).containsEntry("A", "B");

        Topology renamed = from("A", database("A-Y:1", "A-X:1", "Y-D:1", "X-D:1"));
        assertThat(renamed.nextHops()).containsEntry("D", "X");
        assertThat(renamed.costs()).containsEntry("D", 2L);
    }

    @Test
    void everyRouterComputesTheSameTreeSoValidOriginsAreConsistent() {
        Map<String, LinkState> square = database("A-B:1", "A-C:1", "B-D:1", "C-D:1");
        // D's tree reaches A through B (tie broken by id): only B may forward D's multicast on to A.
        assertThat(from("B", square).route("A").orElseThrow().validOrigins()).containsExactly("D");
        assertThat(from("C", square).route("A").orElseThrow().validOrigins()).isEmpty();
    }

    @Test
    void linksAreDirectedAsInQdrouterdsPathEngine() {
        // B's link state does not list A yet (it is catching up): A still reaches B, and C through B, as
        // path.py computes it; B does not reach A until its own link state lists A.
        Map<String, LinkState> database = new HashMap<>();
        database.put("A", new LinkState("A", "0", 3, Map.of("B", 1L)));
        database.put("B", new LinkState("B", "0", 4, Map.of("C", 1L)));
        database.put("C", new LinkState("C", "0", 2, Map.of("B", 1L)));
        assertThat(from("A", database).nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
        assertThat(from("B", database).nextHops()).isEqualTo(Map.of("C", "C"));
    }

    @Test
    void aRouterWhoseLinkStateIsNotKnownYetIsReachableOneWaySoItCanBeAskedForIt() {
        Map<String, LinkState> database = new HashMap<>();
        database.put("A", new LinkState("A", "0", 1, Map.of("B", 1L)));
        database.put("B", new LinkState("B", "0", 2, Map.of("A", 1L, "C", 4L)));
        database.put("C", LinkState.unknown("C"));
        Topology a = from("A", database);
        assertThat(a.nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
        assertThat(a.costs()).isEqualTo(Map.of("B", 1L, "C", 5L));
        assertThat(from("A", Map.of("A", new LinkState("A", "0", 1, Map.of("B", 2L)))).costs())
                .isEqualTo(Map.of("B", 2L));
    }

    @Test
    void aPartitionedRouterIsAbsentAndCostsSumTheAdvertisersCosts() {
        Map<String, LinkState> database = database("A-B:2", "B-C:3", "X-Y:1");
        Topology a = from("A", database);
        assertThat(a.reachable()).containsExactly("B", "C");
        assertThat(a.costs()).isEqualTo(Map.of("B", 2L, "C", 5L));
        assertThat(Topology.alone("A").reachable()).isEmpty();
    }

    static Map<String, List<String>> validOrigins(Topology topology) {
        Map<String, List<String>> origins = new TreeMap<>();
        topology.routes().forEach((id, route) -> origins.put(id, route.validOrigins()));
        return origins;
    }
}
