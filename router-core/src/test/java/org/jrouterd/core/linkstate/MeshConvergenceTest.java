package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A simulated mesh of 60 routers on a seeded random connected graph converges to the shortest paths an
 * independent computation (Floyd–Warshall for costs, a plain O(n²) Dijkstra with the same tie rule for next hops
 * and valid origins) gives; then a link is cut and it converges again.
 */
class MeshConvergenceTest {

    private static final int ROUTERS = 60;
    private static final int EXTRA_LINKS = 60;
    private static final long STEP_MILLIS = 250;

    private final String[] ids = new String[ROUTERS];
    private final long[][] cost = new long[ROUTERS][ROUTERS];

    @Test
    @Timeout(20)
    void sixtyRoutersOnARandomGraphConvergeToTheIndependentlyComputedShortestPaths() {
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        InMemoryMesh mesh = new InMemoryMesh();
        buildRandomGraph(new Random(20261121L), mesh);
        int links = links();

        long converged = runUntilConverged(mesh, 120_000);
        long roundsToConverge = mesh.rounds();
        assertThat(converged).as("simulated ms to converge").isPositive();
        long messages = mesh.delivered();
        mesh.run(10_000, STEP_MILLIS);
        assertConverged(mesh);

        int[] cut = pickLinkOnAShortestPath();
        mesh.cut(ids[cut[0]], ids[cut[1]], true);
        cost[cut[0]][cut[1]] = 0;
        cost[cut[1]][cut[0]] = 0;
        long roundsBefore = mesh.rounds();
        long reconverged = runUntilConverged(mesh, 60_000);
        assertThat(reconverged).as("simulated ms to reconverge").isPositive();
        long reconvergeRounds = mesh.rounds() - roundsBefore;

        int[] silent = pickLinkOnAShortestPath();
        mesh.cut(ids[silent[0]], ids[silent[1]], false);
        cost[silent[0]][silent[1]] = 0;
        cost[silent[1]][silent[0]] = 0;
        long silentRecovered = runUntilConverged(mesh, 60_000);
        assertThat(silentRecovered).as("simulated ms to reconverge after a silent cut").isPositive();

        long computations = 0;
        long computeNanos = 0;
        for (LinkStateEngine engine : mesh.engines().values()) {
            computations += engine.pathComputationCount();
            computeNanos += engine.pathComputationCpuNanos();
        }
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
        System.out.printf("mesh of %d routers, %d links: converged after %d ms simulated (%d rounds of %d ms), "
                        + "%d messages delivered%n", ROUTERS, links, converged, roundsToConverge, STEP_MILLIS,
                messages);
        System.out.printf("link %s-%s cut: reconverged after %d ms simulated (%d rounds)%n", ids[cut[0]],
                ids[cut[1]], reconverged, reconvergeRounds);
        System.out.printf("link %s-%s cut silently (HELLOs stop): reconverged after %d ms simulated%n",
                ids[silent[0]], ids[silent[1]], silentRecovered);
        System.out.printf("path computation: %d runs over all engines, %.1f ms CPU in total, %.1f us CPU per run; "
                        + "test thread CPU %.0f ms, wall %.0f ms%n", computations, computeNanos / 1e6,
                computeNanos / 1e3 / computations, cpu / 1e6, (System.nanoTime() - wallStart) / 1e6);
    }

    private void buildRandomGraph(Random random, InMemoryMesh mesh) {
        List<Integer> names = new ArrayList<>();
        for (int i = 0; i < ROUTERS; i++) {
            names.add(i);
        }
        java.util.Collections.shuffle(names, random);
        for (int i = 0; i < ROUTERS; i++) {
            ids[i] = String.format("R%02d", names.get(i));
            mesh.addRouter(ids[i], 1_000 + i);
        }
        for (int i = 1; i < ROUTERS; i++) {
            link(mesh, i, random.nextInt(i), 1 + random.nextInt(4));
        }
        int added = 0;
        while (added < EXTRA_LINKS) {
            int a = random.nextInt(ROUTERS);
            int b = random.nextInt(ROUTERS);
            if (a != b && cost[a][b] == 0) {
                link(mesh, a, b, 1 + random.nextInt(4));
                added++;
            }
        }
    }

    private void link(InMemoryMesh mesh, int a, int b, long linkCost) {
        cost[a][b] = linkCost;
        cost[b][a] = linkCost;
        mesh.connect(ids[a], ids[b], linkCost);
    }

    private int links() {
        int count = 0;
        for (int a = 0; a < ROUTERS; a++) {
            for (int b = a + 1; b < ROUTERS; b++) {
                count += cost[a][b] > 0 ? 1 : 0;
            }
        }
        return count;
    }

    /** A link whose loss changes some path but keeps the graph connected. */
    private int[] pickLinkOnAShortestPath() {
        for (int a = 0; a < ROUTERS; a++) {
            for (int b = 0; b < ROUTERS; b++) {
                if (cost[a][b] > 0 && new Dijkstra(a).prev[b] == a && connectedWithout(a, b)) {
                    return new int[] {a, b};
                }
            }
        }
        throw new AssertionError("no redundant link");
    }

    private boolean connectedWithout(int a, int b) {
        long saved = cost[a][b];
        cost[a][b] = 0;
        cost[b][a] = 0;
        long[] dist = new Dijkstra(0).dist;
        cost[a][b] = saved;
        cost[b][a] = saved;
        return Arrays.stream(dist).noneMatch(d -> d == Long.MAX_VALUE);
    }

    private long runUntilConverged(InMemoryMesh mesh, long limitMillis) {
        long start = mesh.now();
        Map<String, Topology> expected = expectedTopologies();
        while (mesh.now() - start < limitMillis) {
            mesh.step(STEP_MILLIS);
            if (matches(mesh, expected)) {
                return mesh.now() - start;
            }
        }
        return -1;
    }

    private void assertConverged(InMemoryMesh mesh) {
        Map<String, Topology> expected = expectedTopologies();
        for (String id : ids) {
            assertThat(mesh.engine(id).topology()).as(id).isEqualTo(expected.get(id));
        }
    }

    private static boolean matches(InMemoryMesh mesh, Map<String, Topology> expected) {
        return expected.entrySet().stream()
                .allMatch(entry -> mesh.engine(entry.getKey()).topology().equals(entry.getValue()));
    }

    /** The topology each router should hold, computed without the engine's code. */
    private Map<String, Topology> expectedTopologies() {
        long[][] shortest = floydWarshall();
        Dijkstra[] trees = new Dijkstra[ROUTERS];
        for (int root = 0; root < ROUTERS; root++) {
            trees[root] = new Dijkstra(root);
        }
        Map<String, Topology> expected = new TreeMap<>();
        for (int self = 0; self < ROUTERS; self++) {
            TreeMap<String, RouterRoute> routes = new TreeMap<>();
            for (int dest = 0; dest < ROUTERS; dest++) {
                if (dest == self || shortest[self][dest] == Long.MAX_VALUE) {
                    continue;
                }
                assertThat(trees[self].dist[dest]).isEqualTo(shortest[self][dest]);
                int hop = dest;
                while (trees[self].prev[hop] != self) {
                    hop = trees[self].prev[hop];
                }
                List<String> origins = new ArrayList<>();
                for (int root = 0; root < ROUTERS; root++) {
                    if (root != self && root != dest && isStrictAncestor(trees[root], self, dest)) {
                        origins.add(ids[root]);
                    }
                }
                origins.sort(null);
                routes.put(ids[dest], new RouterRoute(ids[dest], ids[hop], shortest[self][dest], origins));
            }
            expected.put(ids[self], new Topology(ids[self], routes));
        }
        return expected;
    }

    private static boolean isStrictAncestor(Dijkstra tree, int ancestor, int node) {
        for (int at = tree.prev[node]; at >= 0; at = tree.prev[at]) {
            if (at == ancestor) {
                return true;
            }
        }
        return false;
    }

    private long[][] floydWarshall() {
        long[][] d = new long[ROUTERS][ROUTERS];
        for (int i = 0; i < ROUTERS; i++) {
            for (int j = 0; j < ROUTERS; j++) {
                d[i][j] = i == j ? 0 : cost[i][j] > 0 ? cost[i][j] : Long.MAX_VALUE;
            }
        }
        for (int k = 0; k < ROUTERS; k++) {
            for (int i = 0; i < ROUTERS; i++) {
                for (int j = 0; j < ROUTERS; j++) {
                    if (d[i][k] != Long.MAX_VALUE && d[k][j] != Long.MAX_VALUE && d[i][k] + d[k][j] < d[i][j]) {
                        d[i][j] = d[i][k] + d[k][j];
                    }
                }
            }
        }
        return d;
    }

    /** Array Dijkstra: take the unresolved router of lowest (cost, id); first predecessor at lowest cost wins. */
    private final class Dijkstra {
        final long[] dist = new long[ROUTERS];
        final int[] prev = new int[ROUTERS];

        Dijkstra(int root) {
            boolean[] done = new boolean[ROUTERS];
            Arrays.fill(dist, Long.MAX_VALUE);
            Arrays.fill(prev, -1);
            dist[root] = 0;
            while (true) {
                int u = -1;
                for (int v = 0; v < ROUTERS; v++) {
                    if (!done[v] && dist[v] != Long.MAX_VALUE
                            && (u < 0 || dist[v] < dist[u] || dist[v] == dist[u] && ids[v].compareTo(ids[u]) < 0)) {
                        u = v;
                    }
                }
                if (u < 0) {
                    return;
                }
                done[u] = true;
                for (int v = 0; v < ROUTERS; v++) {
                    if (cost[u][v] > 0 && !done[v] && dist[u] + cost[u][v] < dist[v]) {
                        dist[v] = dist[u] + cost[u][v];
                        prev[v] = u;
                    }
                }
            }
        }
    }
}
