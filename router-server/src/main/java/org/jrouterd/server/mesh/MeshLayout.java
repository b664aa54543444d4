package org.jrouterd.server.mesh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of a mesh of routers: router ids in start order, and inter-router connections with their costs.
 * For a connection {@code (listener, connector)} the first router accepts and the second connects, so the
 * listener must come earlier in the order. Named layouts: {@link #line}, {@link #triangle}, {@link #diamond},
 * {@link #fullMesh}.
 *
 * <p>Threads: immutable; any thread.
 *
 * @param routers     router ids in start order
 * @param connections inter-router connections
 */
public record MeshLayout(List<String> routers, List<Connection> connections) {

    /**
     * One inter-router connection.
     *
     * @param listener  the router that accepts it
     * @param connector the router that opens it (and its links)
     * @param cost      the connection's cost
     */
    public record Connection(String listener, String connector, int cost) {
        public Connection {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(connector, "connector");
            if (cost < 1) {
                throw new IllegalArgumentException("cost must be at least 1, got " + cost);
            }
        }
    }

    public MeshLayout {
        routers = List.copyOf(routers);
        connections = List.copyOf(connections);
        Set<String> unique = new LinkedHashSet<>(routers);
        if (unique.size() != routers.size()) {
            throw new IllegalArgumentException("router ids repeat: " + routers);
        }
        for (Connection c : connections) {
            int listenerAt = routers.indexOf(c.listener());
            int connectorAt = routers.indexOf(c.connector());
            if (listenerAt < 0 || connectorAt < 0) {
                throw new IllegalArgumentException("connection between unknown routers: " + c);
            }
            if (listenerAt >= connectorAt) {
                throw new IllegalArgumentException("the listening router must start first: " + c);
            }
        }
    }

    /** {@code n} routers named A, B, C, ... in a line: A–B–C–..., each connection cost 1. */
    public static MeshLayout line(int n) {
        List<String> ids = ids(n);
        List<Connection> links = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            links.add(new Connection(ids.get(i - 1), ids.get(i), 1));
        }
        return new MeshLayout(ids, links);
    }

    /** A, B, C with connections A–B (cost ab), B–C (cost bc) and A–C (cost ac). */
    public static MeshLayout triangle(int ab, int bc, int ac) {
        return new MeshLayout(List.of("A", "B", "C"), List.of(new Connection("A", "B", ab),
                new Connection("B", "C", bc), new Connection("A", "C", ac)));
    }

    /** A, B, C, D with A–B, A–C, B–D, C–D: two paths from A to D, through B (costs ab+bd) or C (ac+cd). */
    public static MeshLayout diamond(int ab, int ac, int bd, int cd) {
        return new MeshLayout(List.of("A", "B", "C", "D"), List.of(new Connection("A", "B", ab),
                new Connection("A", "C", ac), new Connection("B", "D", bd), new Connection("C", "D", cd)));
    }

    /** {@code n} routers, every pair connected at cost 1. */
    public static MeshLayout fullMesh(int n) {
        List<String> ids = ids(n);
        List<Connection> links = new ArrayList<>();
        for (int j = 1; j < n; j++) {
            for (int i = 0; i < j; i++) {
                links.add(new Connection(ids.get(i), ids.get(j), 1));
            }
        }
        return new MeshLayout(ids, links);
    }

    /** Whether router {@code id} accepts at least one inter-router connection. */
    public boolean listens(String id) {
        return connections.stream().anyMatch(c -> c.listener().equals(id));
    }

    private static List<String> ids(int n) {
        if (n < 1 || n > 26 * 26) {
            throw new IllegalArgumentException("1.." + (26 * 26) + " routers, got " + n);
        }
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(n <= 26 ? String.valueOf((char) ('A' + i))
                    : String.valueOf((char) ('A' + i / 26)) + (char) ('A' + i % 26));
        }
        return ids;
    }
}
