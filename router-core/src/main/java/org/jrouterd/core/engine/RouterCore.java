package org.jrouterd.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.address.AddressName;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.RoutedDelivery;
import org.jrouterd.core.forward.AddressCounters;
import org.jrouterd.core.forward.AddressRoute;
import org.jrouterd.core.forward.ConsumerEndpoint;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.core.forward.NeighbourLinks;
import org.jrouterd.core.forward.ProducerEndpoint;
import org.jrouterd.core.forward.RemotePath;
import org.jrouterd.core.linkstate.ControlAddresses;
import org.jrouterd.core.linkstate.ControlCodec;
import org.jrouterd.core.linkstate.ControlEnvelope;
import org.jrouterd.core.linkstate.DuplicateRouterId;
import org.jrouterd.core.linkstate.LinkStateConfig;
import org.jrouterd.core.linkstate.LinkStateEngine;
import org.jrouterd.core.linkstate.LinkStateListener;
import org.jrouterd.core.linkstate.Opcode;
import org.jrouterd.core.linkstate.OutgoingControl;
import org.jrouterd.core.linkstate.RouterRoute;
import org.jrouterd.core.linkstate.Topology;
import org.jrouterd.core.linkstate.TreatmentHint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing state of one router: for each address in use, its distribution, local consumer and producer links, and
 * (in a mesh) the remote routers with consumers. Every change republishes the address's {@link AddressRoute} and
 * pushes it to the address's producers, which is how the credit rule works: a producer gets credit only while its
 * route is reachable, here or anywhere in the mesh.
 *
 * <p>An interior router also runs the {@link LinkStateEngine} here: control messages from neighbours come in
 * through {@link #controlReceived}, the engine's output goes out on the neighbours' control links, its topology
 * turns into {@link RemotePath}s (a new one through a qdrouterd neighbour only once that neighbour can carry it:
 * {@link PathHoldDown}), and its mobile-address table into remote destinations.
 *
 * <p>Threads: owned by the core thread; never touched by another thread (they post through {@link CoreProxy}).
 */
public final class RouterCore implements LinkStateListener {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER_CORE");
    private static final Logger HELLO_LOG = LoggerFactory.getLogger("ROUTER_HELLO");
    private static final String HELLO_ADDRESS = "_local/qdhello";
    private static final String ALL_ROUTERS = ForwardingTable.TOPOLOGICAL_PREFIX + "all/";
    private static final String MOBILE_PHASE_0 = "M0";
    /** The management agent's address: each router's own, never advertised to the mesh (qdrouterd's 'L' class). */
    public static final String MANAGEMENT_ADDRESS = "$management";
    private static final RemotePath[] NO_PATHS = new RemotePath[0];

    private final String selfId;
    private final ForwardingTable table;
    private final DistributionLookup distributions;
    private final Map<String, AddressState> addresses = new HashMap<>();

    // Mesh state; engine is null on a standalone router.
    private final LinkStateEngine engine;
    private final PathHoldDown holdDown;
    private final LongSupplier clock;
    private final Map<Long, NeighbourLinks> neighboursByConnection = new HashMap<>();
    private final Map<String, NeighbourLinks> neighboursByRouter = new HashMap<>();
    private Topology topology;
    private Map<String, RemotePath> paths = Map.of();

    /** Resolves the configured distribution (and priority) of an address; core thread. */
    @FunctionalInterface
    public interface DistributionLookup {
        Distribution distributionFor(String address);

        /** The configured priority (0-9) of an address, or -1 when it has none. */
        default int priorityFor(String address) {
            return -1;
        }

        /** Whether the address's {@code address {}} entry makes it fail-fast (see {@code AddressConfig}). */
        default boolean failFastFor(String address) {
            return false;
        }

        /** Whether an {@code address {}} entry matches the address (else its distribution is the default). */
        default boolean configured(String address) {
            return true;
        }
    }

    /** A standalone router (no mesh) with a generated id. */
    public RouterCore(ForwardingTable table, DistributionLookup distributions) {
        this("standalone", table, distributions, null, System::currentTimeMillis);
    }

    /**
     * @param selfId        this router's id
     * @param meshConfig    link-state settings for an interior router, or null for a standalone one
     * @param clock         milliseconds, for the link-state engine's timers and the path hold-down
     */
    public RouterCore(String selfId, ForwardingTable table, DistributionLookup distributions,
                      LinkStateConfig meshConfig, LongSupplier clock) {
        this.selfId = selfId;
        this.table = table;
        this.distributions = distributions;
        this.topology = Topology.alone(selfId);
        this.clock = clock;
        this.engine = meshConfig == null ? null : new LinkStateEngine(meshConfig, clock, this::sendControl, this);
        this.holdDown = engine == null ? null : new PathHoldDown(PathHoldDown.HOLD_MILLIS, engine::listsUsSince);
    }

    /** This router's id. */
    public String routerId() {
        return selfId;
    }

    /** Whether this router runs the inter-router protocol (mode interior). */
    public boolean interior() {
        return engine != null;
    }

    // ------------------------------------------------------------------ local links

    /** A consumer link attached to a (normalised) address. */
    public void attachConsumer(String address, ConsumerEndpoint consumer) {
        AddressState state = state(address);
        state.consumers.add(consumer);
        if (state.consumers.size() == 1 && engine != null && state.mobile) {
            engine.localAddressAdded(MOBILE_PHASE_0 + address, hint(state.distribution));
        }
        republish(state);
    }

    /** A consumer link went away. */
    public void detachConsumer(String address, ConsumerEndpoint consumer) {
        AddressState state = addresses.get(address);
        if (state != null && state.consumers.remove(consumer)) {
            if (state.consumers.isEmpty() && engine != null && state.mobile) {
                engine.localAddressRemoved(MOBILE_PHASE_0 + address);
            }
            republish(state);
        }
    }

    /** A producer link with a fixed target attached; it is told the current route at once. */
    public void attachProducer(String address, ProducerEndpoint producer) {
        AddressState state = state(producerAddress(address));
        state.producers.add(producer);
        producer.routeChanged(state.route);
    }

    /** A producer link went away. */
    public void detachProducer(String address, ProducerEndpoint producer) {
        for (String key : new String[] {address, producerAddress(address)}) {
            AddressState state = addresses.get(key);
            if (state != null && state.producers.remove(producer)) {
                forgetIfUnused(state);
                return;
            }
        }
    }

    /**
     * The address a producer's target names here, by the rule messages are forwarded by
     * ({@link ForwardingTable#resolve}): {@code _topo/0/<this router>/<name>} is itself when something is attached
     * to it whole (a dynamic address), else {@code <name>} (qdstat's {@code _topo/0/<id>/$management} from a
     * client of that very router).
     */
    private String producerAddress(String address) {
        String prefix = ForwardingTable.TOPOLOGICAL_PREFIX + selfId + "/";
        return address.startsWith(prefix) && address.length() > prefix.length() && !addresses.containsKey(address)
                ? address.substring(prefix.length()) : address;
    }

    /** Number of addresses with at least one link or remote destination. */
    public int addressCount() {
        return addresses.size();
    }

    /**
     * One address in use, as management shows it ({@code router.address}): a copy taken on the core thread.
     *
     * @param address        the normalised address
     * @param mobile         whether it is advertised to other routers
     * @param localConsumers consumer links attached here, in-process ones included
     * @param inProcess      consumers that are part of the router (its management agent)
     * @param producers      producer links attached here with this address as their target
     * @param remoteRouters  other routers with consumers of it
     * @param priority       its configured priority, or -1
     * @param counters       its delivery counts (live: read them when the view is shown)
     */
    public record AddressView(String address, Distribution distribution, boolean mobile, int localConsumers,
                              int inProcess, int producers, int remoteRouters, int priority,
                              AddressCounters counters) {
    }

    /** Every address in use, for management. */
    public List<AddressView> addressViews() {
        List<AddressView> views = new ArrayList<>(addresses.size());
        for (AddressState state : addresses.values()) {
            int inProcess = 0;
            for (ConsumerEndpoint consumer : state.consumers) {
                if (consumer.inProcess()) {
                    inProcess++;
                }
            }
            views.add(new AddressView(state.address, state.distribution, state.mobile, state.consumers.size(),
                    inProcess, state.producers.size(), state.remoteRouters.size(), state.priority, state.counters));
        }
        return views;
    }

    /** The current route of an address, or null. */
    public AddressRoute route(String address) {
        AddressState state = addresses.get(address);
        return state == null ? null : state.route;
    }

    // ------------------------------------------------------------------ mesh

    /** An inter-router connection has its links: the neighbour can be reached (HELLO decides when it counts). */
    public void neighbourConnected(NeighbourLinks links) {
        requireInterior();
        neighboursByConnection.put(links.connectionId(), links);
        neighboursByRouter.put(links.routerId(), links);
        HELLO_LOG.info("Inter-router connection {} to router {} is up (cost {})", links.connectionId(),
                links.routerId(), links.cost());
        rebuildPaths();
    }

    /** An inter-router connection went away: the neighbour is lost at once. */
    public void neighbourDisconnected(long connectionId) {
        if (engine == null) {
            return;
        }
        NeighbourLinks links = neighboursByConnection.remove(connectionId);
        if (links == null) {
            return;
        }
        if (neighboursByRouter.get(links.routerId()) == links) {
            neighboursByRouter.remove(links.routerId());
            for (NeighbourLinks other : neighboursByConnection.values()) {
                if (other.routerId().equals(links.routerId())) {
                    neighboursByRouter.put(other.routerId(), other);
                }
            }
        }
        HELLO_LOG.info("Inter-router connection {} to router {} is down", connectionId, links.routerId());
        engine.linkLost(connectionId);
        engine.flush();
        rebuildPaths();
    }

    /** A control message arrived on the control link of inter-router connection {@code connectionId}. */
    public void controlReceived(long connectionId, ControlEnvelope message) {
        NeighbourLinks from = neighboursByConnection.get(connectionId);
        if (engine == null || from == null) {
            return;
        }
        String to = AddressName.normalize(message.to());
        if (to.equals(HELLO_ADDRESS)) {
            engine.receive(ControlCodec.decode(message.opcode(), message.body()), connectionId, from.cost());
            return;
        }
        if (message.visited(selfId)) {
            return;   // came round a loop
        }
        if (to.startsWith(ALL_ROUTERS)) {
            engine.receive(ControlCodec.decode(message.opcode(), message.body()), connectionId, from.cost());
            relayToAll(message, from.routerId());
        } else if (to.startsWith(ForwardingTable.TOPOLOGICAL_PREFIX)) {
            String target = routerOf(to);
            if (selfId.equals(target)) {
                engine.receive(ControlCodec.decode(message.opcode(), message.body()), connectionId, from.cost());
            } else if (target != null) {
                sendTowards(target, message.relayedBy(selfId));
            }
        } else {
            LOG.debug("Ignoring a control message to {}", to);
        }
    }

    /**
     * Timers of the link-state engine, and paths held through a qdrouterd neighbour ({@link PathHoldDown}) that
     * may now be used; the core thread calls it every 100 ms.
     */
    public void tick() {
        if (engine != null) {
            engine.tick();
            if (holdDown.holding()) {
                rebuildPaths();
            }
        }
    }

    /** After a batch of actions: lets the engine apply what they changed (one path computation per batch). */
    public void afterBatch() {
        if (engine != null) {
            engine.flush();
        }
    }

    /** The current paths to other routers (this router alone when standalone). */
    public Topology topology() {
        return topology;
    }

    /** The neighbours in use: router id to the id of the inter-router connection that reaches it. */
    public Map<String, Long> neighbourConnections() {
        Map<String, Long> ids = new TreeMap<>();
        neighboursByRouter.forEach((router, links) -> ids.put(router, links.connectionId()));
        return ids;
    }

    /** The link-state engine, or null on a standalone router; for diagnostics and management. */
    public LinkStateEngine linkState() {
        return engine;
    }

    @Override
    public void topologyChanged(Topology newTopology) {
        Set<String> before = topology.reachable();
        this.topology = newTopology;
        if (!before.equals(newTopology.reachable())) {
            LOG.info("Routers reachable from {}: {}", selfId, new TreeSet<>(newTopology.reachable()));
        }
        rebuildPaths();
    }

    @Override
    public void remoteAddressAdded(String routerId, String addressKey, TreatmentHint hint) {
        String address = mobileAddress(addressKey);
        if (address == null) {
            return;
        }
        AddressState state = addresses.get(address);
        if (state == null) {
            // As qdrouterd does: the local configuration decides; without an entry, the advertiser's hint does.
            Distribution hinted = distributions.configured(address) ? null : distribution(hint);
            state = hinted == null ? state(address) : state(address, hinted);
        }
        if (state.remoteRouters.add(routerId)) {
            republish(state);
        }
    }

    @Override
    public void remoteAddressRemoved(String routerId, String addressKey) {
        String address = mobileAddress(addressKey);
        AddressState state = address == null ? null : addresses.get(address);
        if (state != null && state.remoteRouters.remove(routerId)) {
            republish(state);
        }
    }

    @Override
    public void neighbourLost(String routerId, long linkId) {
        NeighbourLinks links = neighboursByConnection.get(linkId);
        if (links != null) {
            // Its connection is still up but silent: close it, so that deliveries in flight on it are settled
            // back to their senders (released or modified) instead of waiting for the idle time-out.
            links.disconnect().accept("no HELLO from router " + routerId + " within helloMaxAgeSeconds");
        }
    }

    @Override
    public void duplicateRouterId(DuplicateRouterId event) {
        LOG.error("Duplicate router id: {}", event);
    }

    private void requireInterior() {
        if (engine == null) {
            throw new IllegalStateException("router " + selfId + " is not interior: no inter-router connections");
        }
    }

    /** Sends what the engine wants sent. */
    private void sendControl(OutgoingControl control) {
        ControlEnvelope envelope = ControlEnvelope.originating(control, selfId);
        switch (control.scope()) {
            case NEIGHBOURS, ALL_ROUTERS -> {
                boolean alongTree = control.scope() == OutgoingControl.Scope.ALL_ROUTERS;
                boolean mau = control.opcode() == Opcode.MAU;
                ReadableBuffer payload = null;
                for (NeighbourLinks links : neighboursByRouter.values()) {
                    if (alongTree && !onOwnTree(links.routerId())) {
                        continue;
                    }
                    if (mau && !topology.routes().containsKey(links.routerId())) {
                        // A joining neighbour does not know this router yet: qdrouterd 1.19 drops such a MAU with
                        // an error in its log. It asks with a MAR once it has joined.
                        continue;
                    }
                    payload = payload == null ? wrap(envelope) : payload.duplicate();
                    send(links.control(), payload);
                }
            }
            case ROUTER -> sendTowards(control.targetRouterId(), envelope);
        }
    }

    /**
     * Whether a message this router floods to all routers goes to {@code neighbour}: when the neighbour is the next
     * hop towards some router, or is not reachable yet (a neighbour that is joining). As qdrouterd does, a flood
     * leaves along this router's shortest-path tree, not over every connection: a neighbour that this router
     * reaches through another one hears it through that one. So an MAU reaches a router only after every router
     * between it and the address's owner has applied it, and a producer given credit on that news finds the
     * address known all along its path (over a dearer direct connection it would learn first, and its first
     * message would be released by a next hop still waiting for its copy).
     */
    private boolean onOwnTree(String neighbour) {
        if (!topology.routes().containsKey(neighbour)) {
            return true;
        }
        for (RouterRoute route : topology.routes().values()) {
            if (route.nextHop().equals(neighbour)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Relays a message flooded to all routers along this router's shortest-path trees: to a neighbour not yet in
     * the trace, if some router reached through it has the message's ingress as a valid origin. Each router then
     * gets one copy once the topology has settled (a few more while it changes; the protocol is idempotent).
     */
    private void relayToAll(ControlEnvelope message, String fromRouter) {
        String ingress = message.ingress() != null ? message.ingress() : fromRouter;
        ControlEnvelope relayed = null;
        ReadableBuffer payload = null;
        for (NeighbourLinks links : neighboursByRouter.values()) {
            String neighbour = links.routerId();
            if (neighbour.equals(fromRouter) || message.visited(neighbour) || neighbour.equals(ingress)) {
                continue;
            }
            boolean onTree = false;
            for (RouterRoute route : topology.routes().values()) {
                if (route.nextHop().equals(neighbour) && route.validOrigins().contains(ingress)) {
                    onTree = true;
                    break;
                }
            }
            if (onTree) {
                if (relayed == null) {
                    relayed = message.relayedBy(selfId);
                    payload = wrap(relayed);
                } else {
                    payload = payload.duplicate();
                }
                send(links.control(), payload);
            }
        }
    }

    /** Unicast towards a router: directly if it is a neighbour, else through its next hop. */
    private void sendTowards(String target, ControlEnvelope envelope) {
        NeighbourLinks links = neighboursByRouter.get(target);
        if (links == null) {
            RouterRoute route = topology.routes().get(target);
            links = route == null ? null : neighboursByRouter.get(route.nextHop());
        }
        if (links == null) {
            LOG.debug("No path to router {} for a {} message", target, envelope.opcode());
            return;
        }
        send(links.control(), wrap(envelope));
    }

    private static ReadableBuffer wrap(ControlEnvelope envelope) {
        return ReadableBuffer.ByteBufferReader.wrap(envelope.encode());
    }

    private static void send(ConsumerEndpoint control, ReadableBuffer payload) {
        control.deliver(new RoutedDelivery(payload, 0, true, null));
    }

    /** The router id of {@code _topo/0/<id>/…}, or null. */
    private static String routerOf(String topological) {
        int start = ForwardingTable.TOPOLOGICAL_PREFIX.length();
        int end = topological.indexOf('/', start);
        return end < 0 ? null : topological.substring(start, end);
    }

    /**
     * {@code M0foo} is mobile address {@code foo}; other classes of key, and mobile keys of other phases
     * ({@code M1foo}: a waypoint's phase 1), are not routed here.
     */
    private static String mobileAddress(String key) {
        return key.length() > 2 && key.startsWith(MOBILE_PHASE_0) ? key.substring(2) : null;
    }

    /** The distribution a treatment hint asks for, or null for hints that name none jrouterd routes by. */
    private static Distribution distribution(TreatmentHint hint) {
        return switch (hint) {
            case MULTICAST, FLOOD -> Distribution.MULTICAST;
            case CLOSEST -> Distribution.CLOSEST;
            case BALANCED, LINK_BALANCED -> Distribution.BALANCED;
            case UNAVAILABLE, UNSPECIFIED -> null;
        };
    }

    private static TreatmentHint hint(Distribution distribution) {
        return switch (distribution) {
            case MULTICAST -> TreatmentHint.MULTICAST;
            case CLOSEST -> TreatmentHint.CLOSEST;
            case BALANCED -> TreatmentHint.BALANCED;
            case UNAVAILABLE -> TreatmentHint.UNAVAILABLE;
        };
    }

    /**
     * Recomputes the path to every reachable router, leaving out those held down through a qdrouterd neighbour,
     * then every route that may use one.
     */
    private void rebuildPaths() {
        Set<String> held = holdDown.held(topology, neighboursByRouter, clock.getAsLong());
        Map<String, RemotePath> fresh = new LinkedHashMap<>();
        for (RouterRoute route : topology.routes().values()) {
            if (route.routerId().equals(selfId) || held.contains(route.routerId())) {
                continue;
            }
            NeighbourLinks via = neighboursByRouter.get(route.nextHop());
            if (via != null) {
                fresh.put(route.routerId(), new RemotePath(route.routerId(), route.cost(), via,
                        Set.copyOf(route.validOrigins())));
            }
        }
        if (fresh.equals(paths)) {
            return;
        }
        for (String gone : paths.keySet()) {
            if (!fresh.containsKey(gone)) {
                table.removeRouter(gone);
            }
        }
        for (RemotePath path : fresh.values()) {
            if (!path.equals(paths.get(path.routerId()))) {
                table.publishRouter(path.routerId(), new AddressRoute(ForwardingTable.TOPOLOGICAL_PREFIX
                        + path.routerId(), Distribution.CLOSEST, new ConsumerEndpoint[0],
                        new RemotePath[] {path}, -1));
            }
        }
        paths = fresh;
        table.publishAllRouters(fresh.isEmpty() ? null : new AddressRoute(ALL_ROUTERS, Distribution.MULTICAST,
                new ConsumerEndpoint[0], fresh.values().toArray(NO_PATHS), -1));
        for (AddressState state : List.copyOf(addresses.values())) {
            if (state.topoRouter != null || state.allRouters || !state.remoteRouters.isEmpty()
                    || state.route.remoteCount() > 0) {
                republish(state);
            }
        }
    }

    /**
     * The address configuration has changed (an {@code address {}} entry created or deleted at run time): decides
     * again the distribution and priority of every mobile address in use, and republishes the routes that change,
     * so that new messages to those addresses are distributed as now configured. An address without a matching
     * entry that other routers advertise keeps the distribution it has (their hint decided it).
     */
    public void addressConfigurationChanged() {
        for (AddressState state : List.copyOf(addresses.values())) {
            if (!state.mobile || !distributions.configured(state.address) && !state.remoteRouters.isEmpty()
                    && state.consumers.isEmpty() && state.producers.isEmpty()) {
                continue;
            }
            Distribution distribution = distributions.distributionFor(state.address);
            int priority = distributions.priorityFor(state.address);
            boolean failFast = distributions.failFastFor(state.address);
            if (distribution != state.distribution || priority != state.priority || failFast != state.failFast) {
                LOG.info("Address {}: distribution {} (was {})", state.address, distribution, state.distribution);
                state.distribution = distribution;
                state.priority = priority;
                state.failFast = failFast;
                republish(state);
            }
        }
    }

    private AddressState state(String address) {
        AddressState state = addresses.get(address);
        if (state != null) {
            return state;
        }
        // _topo/0/all/... floods to every router (as qdrouterd's topological class): multicast, whatever the
        // address configuration says. The agent's address is closest, as qdrouterd's.
        return state(address, address.startsWith(ALL_ROUTERS) ? Distribution.MULTICAST
                : address.equals(MANAGEMENT_ADDRESS) ? Distribution.CLOSEST : distributions.distributionFor(address));
    }

    private AddressState state(String address, Distribution distribution) {
        AddressState state = addresses.get(address);
        if (state == null) {
            state = new AddressState(address, distribution, distributions.priorityFor(address), selfId);
            state.failFast = state.mobile && distributions.failFastFor(address);
            addresses.put(address, state);
            state.route = buildRoute(state);
            table.publish(state.route);
        }
        return state;
    }

    private AddressRoute buildRoute(AddressState state) {
        RemotePath[] remotes = NO_PATHS;
        if (engine != null) {
            if (state.topoRouter != null) {
                RemotePath path = paths.get(state.topoRouter);
                remotes = path == null ? NO_PATHS : new RemotePath[] {path};
            } else if (state.allRouters) {
                remotes = paths.values().toArray(NO_PATHS);
            } else if (!state.remoteRouters.isEmpty()) {
                List<RemotePath> found = new ArrayList<>(state.remoteRouters.size());
                for (String router : state.remoteRouters) {
                    RemotePath path = paths.get(router);
                    if (path != null) {
                        found.add(path);
                    }
                }
                remotes = found.toArray(NO_PATHS);
            }
        }
        return new AddressRoute(state.address, state.distribution, state.consumers.toArray(new ConsumerEndpoint[0]),
                remotes, state.priority, state.counters, state.failFast);
    }

    private void republish(AddressState state) {
        AddressRoute fresh = buildRoute(state);
        if (!fresh.equals(state.route)) {
            state.route = fresh;
            table.publish(fresh);
            // Producers hold the route they forward on: every change must reach them, not only reachability
            // flips, so that they stop handing deliveries to a consumer or path that has gone.
            for (ProducerEndpoint producer : state.producers) {
                producer.routeChanged(fresh);
            }
        }
        forgetIfUnused(state);
    }

    private void forgetIfUnused(AddressState state) {
        if (state.consumers.isEmpty() && state.producers.isEmpty() && state.remoteRouters.isEmpty()) {
            addresses.remove(state.address);
            table.remove(state.address);
        }
    }

    /** Core-thread record of one address in use. */
    private static final class AddressState {
        final String address;
        /** Decided when the address comes into use; decided again when the address configuration changes. */
        Distribution distribution;
        int priority;
        /** Decided like the distribution: whether producers get credit without a consumer (see AddressConfig). */
        boolean failFast;
        /** Whether the address is advertised to other routers (not {@code _local/…} or {@code _topo/…}). */
        final boolean mobile;
        /** For {@code _topo/0/<other>/…}: the router it names; null otherwise. */
        final String topoRouter;
        /** {@code _topo/0/all/…}: every reachable router is a destination. */
        final boolean allRouters;
        final List<ConsumerEndpoint> consumers = new ArrayList<>(2);
        final List<ProducerEndpoint> producers = new ArrayList<>(2);
        final Set<String> remoteRouters = new TreeSet<>();
        /** Counted by producers' threads through the address's routes; read by management. */
        final AddressCounters counters = new AddressCounters();
        AddressRoute route;

        AddressState(String address, Distribution distribution, int priority, String selfId) {
            this.address = address;
            this.distribution = distribution;
            this.priority = priority;
            boolean topological = address.startsWith(ForwardingTable.TOPOLOGICAL_PREFIX);
            this.mobile = !topological && !address.startsWith("_local/") && !address.equals(MANAGEMENT_ADDRESS);
            String router = topological ? routerOf(address) : null;
            this.topoRouter = router != null && !router.equals(selfId) && !router.equals("all") ? router : null;
            this.allRouters = address.startsWith(ALL_ROUTERS);
            this.route = AddressRoute.unreachable(address, distribution, counters);
        }
    }
}
