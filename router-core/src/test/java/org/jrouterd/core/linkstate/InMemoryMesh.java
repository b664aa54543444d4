package org.jrouterd.core.linkstate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Link-state engines wired to each other in memory, with one manual clock and a deterministic message pump. Every
 * control message goes through the codec and proton-j bytes. HELLO goes to every linked router; flooded messages
 * go to every router reachable over neighbour links, once each; routed messages follow each router's next hops.
 */
final class InMemoryMesh {

    record Link(long id, long cost) {
    }

    record Inbound(DecodeResult message, long linkId, long cost) {
    }

    record Sent(String from, String to, OutgoingControl message) {
    }

    private long now;
    private long nextLinkId = 1;
    private long rounds;
    private long delivered;
    private final WireFormat wire = new WireFormat();
    private final Map<String, LinkStateEngine> engines = new TreeMap<>();
    private final Map<String, Deque<Inbound>> inboxes = new TreeMap<>();
    private final Map<String, Map<String, Link>> links = new TreeMap<>();
    private final Map<String, RecordingListener> listeners = new TreeMap<>();
    private final List<Sent> log = new ArrayList<>();
    private Predicate<Sent> drop = sent -> false;

    long now() {
        return now;
    }

    long rounds() {
        return rounds;
    }

    long delivered() {
        return delivered;
    }

    LinkStateEngine engine(String id) {
        return engines.get(id);
    }

    Map<String, LinkStateEngine> engines() {
        return engines;
    }

    RecordingListener listener(String id) {
        return listeners.get(id);
    }

    List<Sent> log() {
        return log;
    }

    void dropWhen(Predicate<Sent> predicate) {
        this.drop = predicate;
    }

    LinkStateEngine addRouter(String id) {
        return addRouter(id, 1000);
    }

    LinkStateEngine addRouter(String id, long instance) {
        RecordingListener listener = new RecordingListener();
        LinkStateEngine engine = new LinkStateEngine(LinkStateConfig.defaults(id, instance), () -> now,
                out -> route(id, out), listener);
        engines.put(id, engine);
        listeners.put(id, listener);
        inboxes.put(id, new ArrayDeque<>());
        links.putIfAbsent(id, new TreeMap<>());
        return engine;
    }

    void connect(String a, String b, long cost) {
        long linkId = nextLinkId++;
        links.get(a).put(b, new Link(linkId, cost));
        links.get(b).put(a, new Link(linkId, cost));
    }

    /** Cuts the connection; with {@code detach} both ends see the control link go (else only HELLOs stop). */
    void cut(String a, String b, boolean detach) {
        Link link = links.get(a).remove(b);
        links.get(b).remove(a);
        if (detach && link != null) {
            engines.get(a).linkLost(link.id());
            engines.get(b).linkLost(link.id());
        }
    }

    /** Stops router {@code id} (its peers see its links detach) and starts a new engine with {@code instance}. */
    LinkStateEngine restart(String id, long instance) {
        List<Map.Entry<String, Link>> peers = new ArrayList<>(links.get(id).entrySet());
        for (Map.Entry<String, Link> peer : peers) {
            cut(id, peer.getKey(), true);
        }
        inboxes.get(id).clear();
        LinkStateEngine engine = addRouter(id, instance);
        for (Map.Entry<String, Link> peer : peers) {
            connect(id, peer.getKey(), peer.getValue().cost());
        }
        return engine;
    }

    /** Advances the clock by {@code millis} in steps of {@code stepMillis}, ticking every engine each step. */
    void run(long millis, long stepMillis) {
        for (long t = 0; t < millis; t += stepMillis) {
            step(stepMillis);
        }
    }

    void step(long millis) {
        now += millis;
        rounds++;
        for (LinkStateEngine engine : engines.values()) {
            engine.tick();
        }
        pump();
    }

    /** Delivers queued messages, flushing each engine after its batch, until nothing is left. */
    void pump() {
        boolean busy = true;
        int guard = 0;
        while (busy) {
            if (++guard > 10_000) {
                throw new IllegalStateException("message storm");
            }
            busy = false;
            for (Map.Entry<String, Deque<Inbound>> inbox : inboxes.entrySet()) {
                LinkStateEngine engine = engines.get(inbox.getKey());
                Inbound in;
                while ((in = inbox.getValue().poll()) != null) {
                    busy = true;
                    delivered++;
                    engine.receive(in.message(), in.linkId(), in.cost());
                }
                engine.flush();
            }
        }
    }

    private void route(String from, OutgoingControl out) {
        switch (out.scope()) {
            case NEIGHBOURS -> links.get(from).forEach((peer, link) -> deliver(from, peer, out, link));
            case ALL_ROUTERS -> flood(from, out);
            case ROUTER -> unicast(from, out);
            default -> throw new IllegalStateException();
        }
    }

    private void flood(String from, OutgoingControl out) {
        Set<String> visited = new HashSet<>(Set.of(from));
        Deque<String> frontier = new ArrayDeque<>(List.of(from));
        while (!frontier.isEmpty()) {
            String at = frontier.poll();
            for (String next : engines.get(at).neighbours()) {
                Link link = links.get(at).get(next);
                if (link != null && visited.add(next)) {
                    deliver(from, next, out, link);
                    frontier.add(next);
                }
            }
        }
    }

    private void unicast(String from, OutgoingControl out) {
        String target = out.targetRouterId();
        String at = from;
        Link last = null;
        for (int hops = 0; !at.equals(target); hops++) {
            LinkStateEngine engine = engines.get(at);
            String next = engine.neighbours().contains(target) ? target
                    : engine.topology().route(target).map(RouterRoute::nextHop).orElse(null);
            last = next == null ? null : links.get(at).get(next);
            if (last == null || hops > engines.size()) {
                log.add(new Sent(from, null, out));
                return;
            }
            at = next;
        }
        deliver(from, target, out, last);
    }

    private void deliver(String from, String to, OutgoingControl out, Link link) {
        Sent sent = new Sent(from, to, out);
        log.add(sent);
        if (drop.test(sent)) {
            return;
        }
        DecodeResult decoded = wire.overTheWire(out.message());
        inboxes.get(to).add(new Inbound(decoded, link.id(), link.cost()));
    }

    /** Records what an engine tells its listener. */
    static final class RecordingListener implements LinkStateListener {
        final List<Topology> topologies = new ArrayList<>();
        final List<String> addressEvents = new ArrayList<>();
        final List<DuplicateRouterId> duplicates = new ArrayList<>();
        /** {@code <router>@<link>} for each neighbour dropped for silence. */
        final List<String> silent = new ArrayList<>();

        @Override
        public void neighbourLost(String routerId, long linkId) {
            silent.add(routerId + "@" + linkId);
        }

        @Override
        public void topologyChanged(Topology topology) {
            topologies.add(topology);
        }

        @Override
        public void remoteAddressAdded(String routerId, String addressKey, TreatmentHint hint) {
            addressEvents.add("+" + routerId + ":" + addressKey + ":" + hint);
        }

        @Override
        public void remoteAddressRemoved(String routerId, String addressKey) {
            addressEvents.add("-" + routerId + ":" + addressKey);
        }

        @Override
        public void duplicateRouterId(DuplicateRouterId event) {
            duplicates.add(event);
        }
    }
}
