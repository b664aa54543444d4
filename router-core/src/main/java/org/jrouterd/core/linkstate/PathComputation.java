package org.jrouterd.core.linkstate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Shortest paths over a link-state database, computed as qdrouterd's {@code path.py} does so that every router
 * in a mixed mesh builds the same trees.
 *
 * <ul>
 *   <li>Dijkstra over summed costs; a link u→v costs what u advertises for v. Unresolved routers are taken in
 *       order of (cost, id) and a router keeps the first predecessor that reached it at its lowest cost, so ties
 *       are broken by router id.</li>
 *   <li>Links are directed, as in {@code path.py}: u→v is used when u's link state lists v, whether or not v's
 *       lists u yet, so a router that joins is reachable as soon as its neighbour advertises it (and can be asked
 *       for its own link state), and stays reachable while its link state catches up.</li>
 *   <li>Valid origins of destination D: every remote root R whose tree reaches D through this router (this router
 *       is a strict ancestor of D in R's tree).</li>
 * </ul>
 *
 * <p>Threads: stateless; the core thread calls it.
 */
public final class PathComputation {

    private final String[] ids;
    private final int[][] linkTo;
    private final long[][] linkCost;
    private final long[] dist;
    private final int[] prev;
    private final int[] order;
    private final boolean[] done;
    private final MinHeap heap;
    private int resolved;

    private PathComputation(String[] ids, int[][] linkTo, long[][] linkCost) {
        this.ids = ids;
        this.linkTo = linkTo;
        this.linkCost = linkCost;
        this.dist = new long[ids.length];
        this.prev = new int[ids.length];
        this.order = new int[ids.length];
        this.done = new boolean[ids.length];
        this.heap = new MinHeap(ids.length * 2 + 4);
    }

    /**
     * Computes the paths from {@code self} over {@code database}: router id to its link state. Our own entry, if
     * present, is used whatever its sequence number.
     */
    public static Topology compute(String self, Map<String, LinkState> database) {
        TreeSet<String> all = new TreeSet<>(database.keySet());
        all.add(self);
        database.values().forEach(ls -> all.addAll(ls.peers().keySet()));
        String[] ids = all.toArray(new String[0]);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
        int[][] linkTo = new int[ids.length][];
        long[][] linkCost = new long[ids.length][];
        for (int u = 0; u < ids.length; u++) {
            buildLinks(self, database, ids, index, u, linkTo, linkCost);
        }
        return new PathComputation(ids, linkTo, linkCost).topology(index.get(self));
    }

    private static void buildLinks(String self, Map<String, LinkState> database, String[] ids,
            Map<String, Integer> index, int u, int[][] linkTo, long[][] linkCost) {
        LinkState state = database.get(ids[u]);
        List<Integer> to = new ArrayList<>();
        List<Long> cost = new ArrayList<>();
        if (state != null && (state.isKnown() || ids[u].equals(self))) {
            for (Map.Entry<String, Long> peer : state.peers().entrySet()) {
                String v = peer.getKey();
                if (v.equals(ids[u]) || peer.getValue() < 0) {
                    continue;
                }
                to.add(index.get(v));
                cost.add(peer.getValue());
            }
        }
        linkTo[u] = to.stream().mapToInt(Integer::intValue).toArray();
        linkCost[u] = cost.stream().mapToLong(Long::longValue).toArray();
    }

    private Topology topology(int self) {
        shortestPaths(self);
        int reachedFromSelf = resolved;
        int[] selfOrder = Arrays.copyOf(order, resolved);
        int[] nextHop = new int[ids.length];
        long[] cost = dist.clone();
        boolean[] reachable = new boolean[ids.length];
        for (int k = 1; k < reachedFromSelf; k++) {
            int v = selfOrder[k];
            nextHop[v] = prev[v] == self ? v : nextHop[prev[v]];
            reachable[v] = true;
        }
        List<List<String>> validOrigins = validOrigins(self, reachable);
        TreeMap<String, RouterRoute> routes = new TreeMap<>();
        for (int v = 0; v < ids.length; v++) {
            if (reachable[v]) {
                routes.put(ids[v], new RouterRoute(ids[v], ids[nextHop[v]], cost[v], validOrigins.get(v)));
            }
        }
        return new Topology(ids[self], routes);
    }

    private List<List<String>> validOrigins(int self, boolean[] reachable) {
        List<List<String>> origins = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            origins.add(new ArrayList<>());
        }
        boolean[] belowSelf = new boolean[ids.length];
        for (int root = 0; root < ids.length; root++) {
            if (!reachable[root]) {
                continue;
            }
            shortestPaths(root);
            Arrays.fill(belowSelf, false);
            for (int k = 1; k < resolved; k++) {
                int v = order[k];
                int parent = prev[v];
                belowSelf[v] = parent == self || belowSelf[parent];
                if (belowSelf[v] && reachable[v]) {
                    origins.get(v).add(ids[root]);
                }
            }
        }
        return origins;
    }

    /** Dijkstra from {@code root}: fills dist, prev and order (resolution order, root first). */
    private void shortestPaths(int root) {
        Arrays.fill(dist, Long.MAX_VALUE);
        Arrays.fill(prev, -1);
        Arrays.fill(done, false);
        heap.clear();
        dist[root] = 0;
        heap.push(0, root);
        resolved = 0;
        while (!heap.isEmpty()) {
            long d = heap.peekKey();
            int u = heap.pop();
            if (done[u] || d != dist[u]) {
                continue;
            }
            done[u] = true;
            order[resolved++] = u;
            for (int i = 0; i < linkTo[u].length; i++) {
                int v = linkTo[u][i];
                long alt = d + linkCost[u][i];
                if (!done[v] && alt < dist[v]) {
                    dist[v] = alt;
                    prev[v] = u;
                    heap.push(alt, v);
                }
            }
        }
    }

    /** A binary min-heap of (key, index), ordered by key then index, with lazy deletion by the caller. */
    private static final class MinHeap {
        private long[] keys;
        private int[] values;
        private int size;

        MinHeap(int capacity) {
            keys = new long[capacity];
            values = new int[capacity];
        }

        void clear() {
            size = 0;
        }

        boolean isEmpty() {
            return size == 0;
        }

        long peekKey() {
            return keys[0];
        }

        void push(long key, int value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!less(key, value, keys[parent], values[parent])) {
                    break;
                }
                keys[i] = keys[parent];
                values[i] = values[parent];
                i = parent;
            }
            keys[i] = key;
            values[i] = value;
        }

        int pop() {
            int top = values[0];
            size--;
            long key = keys[size];
            int value = values[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && less(keys[child + 1], values[child + 1], keys[child], values[child])) {
                    child++;
                }
                if (!less(keys[child], values[child], key, value)) {
                    break;
                }
                keys[i] = keys[child];
                values[i] = values[child];
                i = child;
            }
            keys[i] = key;
            values[i] = value;
            return top;
        }

        private static boolean less(long key, int value, long otherKey, int otherValue) {
            return key < otherKey || (key == otherKey && value < otherValue);
        }
    }
}
