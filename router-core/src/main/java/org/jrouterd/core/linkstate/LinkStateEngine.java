package org.jrouterd.core.linkstate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * qdrouterd 1.19's router protocol engine: HELLO neighbour discovery, link-state exchange (RA, LSR, LSU), mobile
 * address synchronisation (MAU, MAR) and the resulting {@link Topology}.
 *
 * <p>Driving it: feed every received control message to {@link #receive}, report a detached control link with
 * {@link #linkLost}, and local mobile-address changes with {@link #localAddressAdded}/{@link #localAddressRemoved};
 * call {@link #tick()} about once per helloIntervalSeconds (timers, expiry, HELLO, periodic RA) and
 * {@link #flush()} after each batch of inputs (bumps our link state, recomputes paths only if the database
 * changed, sends owed requests). Outgoing messages go to the sink given at construction; topology and address
 * changes to the {@link LinkStateListener}. Time comes only from the clock given (milliseconds).
 *
 * <p>Threads: owned by the core thread; not thread-safe. {@link #topology()} returns an immutable snapshot that
 * may be handed to other threads.
 */
public final class LinkStateEngine {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER_LS");
    private static final long NEVER = Long.MIN_VALUE / 4;
    private static final long MAU_INTERVAL_MILLIS = 1000;
    /** How long a router nothing links to is kept before it is forgotten. */
    private static final long ORPHAN_MAX_AGE_MILLIS = 2500;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LinkStateConfig config;
    private final String self;
    private final LongSupplier clock;
    private final Consumer<OutgoingControl> out;
    private final LinkStateListener listener;

    private final TreeMap<String, RouterNode> nodes = new TreeMap<>();
    private final Map<Long, RouterNode> nodesByLink = new HashMap<>();
    private final TreeMap<String, Long> heard = new TreeMap<>();
    private final TreeMap<String, Long> ownPeers = new TreeMap<>();
    private final LocalMobileAddresses mobile = new LocalMobileAddresses();
    private final RemoteMobileAddresses remoteAddresses;
    private final Set<String> versionWarned = new HashSet<>();
    private final Set<String> duplicatesReported = new HashSet<>();

    private LinkState ownLinkState;
    private boolean ownLinkStateChanged;
    private boolean databaseChanged;
    private Topology topology;
    private long lastHelloAt = NEVER;
    private long lastRaAt = NEVER;
    private long lastMauAt = NEVER;
    private long lastTopologyChangeAt = NEVER;
    private long pathComputations;
    private long pathComputationNanos;

    /**
     * @param config   router id, instance and timers
     * @param clock    milliseconds; a manual clock in tests
     * @param out      receives every control message to send
     * @param listener told about topology and remote-address changes
     */
    public LinkStateEngine(LinkStateConfig config, LongSupplier clock, Consumer<OutgoingControl> out,
            LinkStateListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.self = config.routerId();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.remoteAddresses = new RemoteMobileAddresses(listener);
        this.ownLinkState = LinkState.unknown(self);
        this.topology = Topology.alone(self);
    }

    // ---------------------------------------------------------------- inputs

    /** A received control message as the codec decoded it; {@code linkId} and {@code linkCost} matter for HELLO. */
    public void receive(DecodeResult result, long linkId, long linkCost) {
        if (result instanceof DecodeResult.Decoded decoded) {
            receive(decoded.message(), linkId, linkCost);
        } else if (result instanceof DecodeResult.Ignored ignored) {
            warnNewerVersion(ignored.opcode(), ignored.routerId(), ignored.protocolVersion());
        } else {
            DecodeResult.Malformed malformed = (DecodeResult.Malformed) result;
            LOG.warn("Ignoring malformed {} control message: {}", malformed.opcode(), malformed.reason());
        }
    }

    /**
     * A received control message. {@code linkId} identifies the inter-router control link it arrived on (any
     * number unique among live links) and {@code linkCost} that connection's cost; both are used for HELLO only.
     */
    public void receive(ControlMessage message, long linkId, long linkCost) {
        if (message.protocolVersion() > ControlMessage.PROTOCOL_VERSION) {
            warnNewerVersion(message.opcode().wireName(), message.id(), message.protocolVersion());
            return;
        }
        if (message.id().equals(self) && !(message instanceof Hello)) {
            return;
        }
        long now = clock.getAsLong();
        if (message instanceof Hello hello) {
            onHello(hello, linkId, linkCost, now);
        } else if (message instanceof RouterAdvertisement ra) {
            onRouterAdvertisement(ra, now);
        } else if (message instanceof LinkStateUpdate lsu) {
            onLinkStateUpdate(lsu, now);
        } else if (message instanceof LinkStateRequest lsr) {
            onLinkStateRequest(lsr, now);
        } else if (message instanceof MobileAddressUpdate mau) {
            onMobileAddressUpdate(mau);
        } else {
            onMobileAddressRequest((MobileAddressRequest) message);
        }
    }

    /** The inter-router control link {@code linkId} detached: its neighbour is removed at once. */
    public void linkLost(long linkId) {
        RouterNode node = nodesByLink.remove(linkId);
        if (node == null) {
            return;
        }
        if (node.standbyLinks.remove(linkId) != null) {
            LOG.info("Standby link {} to neighbour router {} lost", linkId, node.id);
            return;
        }
        if (promoteStandby(node, clock.getAsLong())) {
            LOG.info("Link {} to neighbour router {} lost; carrying on over link {}", linkId, node.id, node.linkId);
            return;
        }
        LOG.info("Link to neighbour router {} lost", node.id);
        loseNeighbour(node);
    }

    /** No HELLO on the neighbour's control link within helloMaxAge: over to a standby link, else lost. */
    private void dropSilentPrimary(RouterNode node, long now) {
        long linkId = node.linkId;
        if (promoteStandby(node, now)) {
            LOG.info("No HELLO from neighbour router {} on link {} for {} s; carrying on over link {}", node.id,
                    linkId, config.helloMaxAgeSeconds(), node.linkId);
        } else {
            LOG.info("Neighbour router {} lost: no HELLO for {} s", node.id, config.helloMaxAgeSeconds());
            loseNeighbour(node);
        }
        listener.neighbourLost(node.id, linkId);   // its silent connection is closed either way
    }

    /**
     * The neighbour's control link is gone or silent: carries on over a standby link heard within helloMaxAge, if
     * there is one (the old link is forgotten, not lost); false when there is none.
     */
    private boolean promoteStandby(RouterNode node, long now) {
        Iterator<Map.Entry<Long, RouterNode.StandbyLink>> standby = node.standbyLinks.entrySet().iterator();
        while (standby.hasNext()) {
            Map.Entry<Long, RouterNode.StandbyLink> next = standby.next();
            standby.remove();
            if (now - next.getValue().heardAt > maxHelloAgeMillis()) {
                nodesByLink.remove(next.getKey());
                continue;
            }
            nodesByLink.remove(node.linkId);
            node.linkId = next.getKey();
            node.neighbourRefreshedAt = next.getValue().heardAt;
            setOwnPeerCost(node.id, next.getValue().cost);
            node.linkStateRequested = true;
            return true;
        }
        return false;
    }

    /** A mobile address (hash key, e.g. {@code M0foo}) became a local destination. */
    public void localAddressAdded(String addressKey, TreatmentHint hint) {
        mobile.added(Objects.requireNonNull(addressKey, "addressKey"), Objects.requireNonNull(hint, "hint"));
    }

    /** A mobile address is no longer a local destination. */
    public void localAddressRemoved(String addressKey) {
        mobile.removed(addressKey);
    }

    // ---------------------------------------------------------------- duty cycle

    /** Timers: expiry, HELLO, differential MAU (at most once a second), then {@link #flush()}, then periodic RA. */
    public void tick() {
        long now = clock.getAsLong();
        expire(now);
        retryUnansweredRequests(now);
        if (now - lastHelloAt >= config.helloIntervalSeconds() * 1000L) {
            lastHelloAt = now;
            Hello hello = Hello.of(self, config.instance(), new ArrayList<>(heard.keySet()));
            out.accept(OutgoingControl.toNeighbours(hello));
        }
        if (now - lastMauAt >= MAU_INTERVAL_MILLIS) {
            lastMauAt = now;
            if (mobile.hasPendingChanges()) {
                out.accept(OutgoingControl.toAll(mobile.nextDifferential(self), ControlAddresses.ALL_ROUTERS_MA));
                sendRouterAdvertisement(now);
            }
        }
        flush();
        long interval = (inFluxMode() ? config.raIntervalFluxSeconds() : config.raIntervalSeconds()) * 1000L;
        if (now - lastRaAt >= interval) {
            sendRouterAdvertisement(now);
        }
    }

    /**
     * Applies what the inputs since the last flush changed: bumps our ls_seq and advertises it if our peers
     * changed, recomputes the paths if the link-state database changed, and sends the LSRs and MARs owed to
     * routers that are now reachable.
     */
    public void flush() {
        long now = clock.getAsLong();
        boolean advertise = false;
        if (ownLinkStateChanged) {
            ownLinkStateChanged = false;
            if (!ownPeers.equals(ownLinkState.peers())) {
                ownLinkState = new LinkState(self, ControlAddresses.AREA, ownLinkState.lsSeq() + 1, ownPeers);
                LOG.debug("Local link state: {}", ownLinkState);
                databaseChanged = true;
                advertise = true;
            }
        }
        if (databaseChanged) {
            databaseChanged = false;
            lastTopologyChangeAt = now;
            recompute();
        }
        sendOwedRequests();
        if (advertise) {
            sendRouterAdvertisement(now);
        }
    }

    // ---------------------------------------------------------------- state

    /** The current paths. */
    public Topology topology() {
        return topology;
    }

    /** This router's id. */
    public String routerId() {
        return self;
    }

    /** Routers with bidirectional HELLO contact over a live control link, sorted. */
    public SortedSet<String> neighbours() {
        TreeSet<String> neighbours = new TreeSet<>();
        nodes.values().stream().filter(RouterNode::isNeighbour).forEach(node -> neighbours.add(node.id));
        return Collections.unmodifiableSortedSet(neighbours);
    }

    /** Our link state as last advertised (peers and ls_seq). */
    public LinkState ownLinkState() {
        return ownLinkState;
    }

    /** Every link state held, ours included, by router id. */
    public Map<String, LinkState> linkStateDatabase() {
        Map<String, LinkState> database = new TreeMap<>();
        database.put(self, ownLinkState);
        nodes.forEach((id, node) -> database.put(id, node.linkState));
        return Collections.unmodifiableMap(database);
    }

    /**
     * Whether the link state held for {@code routerId} arrived at or after {@code since} (clock ms) and lists this
     * router as a peer: when that router sent it, it had taken its link to this router into its own link state.
     */
    public boolean listsUsSince(String routerId, long since) {
        RouterNode node = nodes.get(routerId);
        return node != null && node.linkStateReceivedAt >= since && node.linkState.peers().containsKey(self);
    }

    /** Routers known by any means (HELLO, RA, LSU, LSR), reachable or not. */
    public SortedSet<String> knownRouters() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(nodes.keySet()));
    }

    /** Our mobile sequence number. */
    public long mobileSeq() {
        return mobile.mobileSeq();
    }

    /** The mobile sequence number held for {@code routerId}, or -1 if the router is unknown. */
    public long mobileSeqOf(String routerId) {
        RouterNode node = nodes.get(routerId);
        return node == null ? -1 : node.mobileSeq;
    }

    /** Remote mobile addresses: router id to (address key to treatment hint). */
    public Map<String, Map<String, TreatmentHint>> remoteAddresses() {
        Map<String, Map<String, TreatmentHint>> copy = new TreeMap<>();
        nodes.forEach((id, node) -> {
            if (!node.addresses.isEmpty()) {
                copy.put(id, Collections.unmodifiableMap(new TreeMap<>(node.addresses)));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /** True while RAs go out every raIntervalFluxSeconds: within 2 × that after the last topology change. */
    public boolean inFluxMode() {
        return clock.getAsLong() - lastTopologyChangeAt <= config.raIntervalFluxSeconds() * 2000L;
    }

    /** Routers heard speaking a newer protocol version (their messages are ignored; warned once each). */
    public SortedSet<String> routersWithNewerProtocol() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(versionWarned));
    }

    /** How many times the paths were computed. */
    public long pathComputationCount() {
        return pathComputations;
    }

    /** CPU time the calling (core) thread spent computing paths, in nanoseconds (not the protocol clock). */
    public long pathComputationCpuNanos() {
        return pathComputationNanos;
    }

    // ---------------------------------------------------------------- HELLO

    private void onHello(Hello hello, long linkId, long linkCost, long now) {
        if (hello.id().equals(self)) {
            if (hello.instance() != config.instance()) {
                reportDuplicate(new DuplicateRouterId(self, config.instance(), hello.instance(), linkId));
            }
            return;
        }
        RouterNode node = nodes.get(hello.id());
        if (node != null && node.isNeighbour() && now - node.neighbourRefreshedAt > maxHelloAgeMillis()) {
            if (node.linkId == linkId) {
                loseNeighbour(node);   // late on its own link: made a neighbour again below
            } else {
                dropSilentPrimary(node, now);
            }
        }
        if (node != null && node.isNeighbour() && node.linkId != linkId && node.instance != RouterNode.NO_INSTANCE
                && node.instance != hello.instance()) {
            reportDuplicate(new DuplicateRouterId(hello.id(), node.instance, hello.instance(), linkId));
            return;
        }
        heard.put(hello.id(), now);
        if (hello.seen().contains(self)) {
            neighbourRefresh(hello, linkId, linkCost, now);
        }
    }

    private void neighbourRefresh(Hello hello, long linkId, long linkCost, long now) {
        RouterNode node = node(hello.id(), now);
        node.protocolVersion = hello.protocolVersion();
        if (node.isNeighbour() && node.linkId != linkId) {
            // A second connection to a neighbour: kept in reserve, not switched to (HELLOs arrive on both).
            RouterNode.StandbyLink standby = node.standbyLinks.get(linkId);
            if (standby == null) {
                node.standbyLinks.put(linkId, new RouterNode.StandbyLink(linkCost, now));
                nodesByLink.put(linkId, node);
                LOG.info("Neighbour router {} also on link {} (standby, cost {})", node.id, linkId, linkCost);
            } else {
                standby.heardAt = now;
            }
        } else {
            if (!node.isNeighbour()) {
                node.linkId = linkId;
                nodesByLink.put(linkId, node);
                node.linkStateRequested = true;
                setOwnPeerCost(node.id, linkCost);
                LOG.info("Neighbour router {} up on link {} with cost {}", node.id, linkId, linkCost);
            }
            node.neighbourRefreshedAt = now;
        }
        if (node.restartedAs(hello.instance())) {
            restarted(node);
        }
    }

    private void setOwnPeerCost(String routerId, long cost) {
        Long previous = ownPeers.put(routerId, cost);
        if (previous == null || previous != cost) {
            ownLinkStateChanged = true;
        }
    }

    private void loseNeighbour(RouterNode node) {
        nodesByLink.remove(node.linkId);
        node.standbyLinks.keySet().forEach(nodesByLink::remove);
        node.standbyLinks.clear();
        node.linkId = RouterNode.NO_LINK;
        heard.remove(node.id);
        if (ownPeers.remove(node.id) != null) {
            ownLinkStateChanged = true;
        }
    }

    private void reportDuplicate(DuplicateRouterId event) {
        if (duplicatesReported.add(event.routerId() + "/" + event.otherInstance())) {
            LOG.error("CRITICAL: Detected router with a duplicate id - {} (instance {} while {} is alive)",
                    event.routerId(), event.otherInstance(), event.knownInstance());
            listener.duplicateRouterId(event);
        }
    }

    // ---------------------------------------------------------------- RA, LSR, LSU

    private void onRouterAdvertisement(RouterAdvertisement ra, long now) {
        RouterNode node = node(ra.id(), now);
        if (node.isEarlierInstance(ra.instance())) {
            reportDuplicate(new DuplicateRouterId(ra.id(), node.instance, ra.instance(), RouterNode.NO_LINK));
            return;
        }
        node.protocolVersion = ra.protocolVersion();
        if (node.restartedAs(ra.instance())) {
            restarted(node);
        }
        node.linkStateSeenAt = now;
        node.advertisedLsSeq = ra.lsSeq();
        node.advertisedMobileSeq = ra.mobileSeq();
        if (node.linkState.lsSeq() < ra.lsSeq()) {
            node.linkStateRequested = true;
        }
        if (node.mobileSeq < ra.mobileSeq()) {
            node.mobileAddressesRequested = true;
        }
    }

    private void onLinkStateUpdate(LinkStateUpdate lsu, long now) {
        RouterNode node = node(lsu.id(), now);
        LinkState received = lsu.linkState();
        if (!received.id().equals(lsu.id())) {
            LOG.warn("Ignoring LSU from {} carrying the link state of {}", lsu.id(), received.id());
            return;
        }
        if (received.lsSeq() > node.linkState.lsSeq()) {
            node.linkState = received;
            node.linkStateSeenAt = now;
            node.linkStateReceivedAt = now;
            databaseChanged = true;
            for (String peer : received.peers().keySet()) {
                node(peer, now);
            }
        }
    }

    private void onLinkStateRequest(LinkStateRequest lsr, long now) {
        node(lsr.id(), now);
        out.accept(OutgoingControl.toRouter(LinkStateUpdate.of(config.instance(), ownLinkState),
                ControlAddresses.router(lsr.id()), lsr.id()));
    }

    private void sendRouterAdvertisement(long now) {
        lastRaAt = now;
        out.accept(OutgoingControl.toAll(RouterAdvertisement.of(self, config.instance(), ownLinkState.lsSeq(),
                mobile.mobileSeq()), ControlAddresses.ALL_ROUTERS));
    }

    /**
     * An LSR or MAR, or its answer, is lost when a router on the way has no path yet; qdrouterd waits for the next
     * RA (up to raIntervalFluxSeconds). We ask again after helloIntervalSeconds while still behind what the last RA
     * advertised, which makes a large mesh converge several times faster. Both requests are idempotent.
     */
    private void retryUnansweredRequests(long now) {
        long retryAfter = config.helloIntervalSeconds() * 1000L;
        for (RouterNode node : nodes.values()) {
            if (node.linkState.lsSeq() < node.advertisedLsSeq && now - node.lsrSentAt >= retryAfter) {
                node.linkStateRequested = true;
            }
            if (node.mobileSeq < node.advertisedMobileSeq && now - node.marSentAt >= retryAfter) {
                node.mobileAddressesRequested = true;
            }
        }
    }

    private void sendOwedRequests() {
        long now = clock.getAsLong();
        for (RouterNode node : nodes.values()) {
            if (!node.isNeighbour() && !topology.routes().containsKey(node.id)) {
                continue;
            }
            if (node.linkStateRequested) {
                node.linkStateRequested = false;
                node.lsrSentAt = now;
                out.accept(OutgoingControl.toRouter(LinkStateRequest.of(self), ControlAddresses.router(node.id),
                        node.id));
            }
            if (node.mobileAddressesRequested) {
                node.mobileAddressesRequested = false;
                node.marSentAt = now;
                out.accept(OutgoingControl.toRouter(MobileAddressRequest.of(self, node.mobileSeq),
                        ControlAddresses.routerMa(node.id), node.id));
            }
        }
    }

    private void recompute() {
        Map<String, LinkState> database = new HashMap<>();
        database.put(self, ownLinkState);
        nodes.forEach((id, node) -> database.put(id, node.linkState));
        long start = cpuNanos();
        Topology computed = PathComputation.compute(self, database);
        pathComputationNanos += cpuNanos() - start;
        pathComputations++;
        if (!computed.equals(topology)) {
            topology = computed;
            LOG.debug("Computed next hops: {}", computed.nextHops());
            listener.topologyChanged(computed);
        }
    }

    // ---------------------------------------------------------------- MAU, MAR

    private void onMobileAddressUpdate(MobileAddressUpdate mau) {
        RouterNode node = nodes.get(mau.id());
        if (node == null) {
            LOG.warn("Received MAU from an unknown router with router id {}", mau.id());
            return;
        }
        remoteAddresses.apply(node, mau);
    }

    private void onMobileAddressRequest(MobileAddressRequest mar) {
        if (!nodes.containsKey(mar.id())) {
            LOG.warn("Received MAR from an unknown router with router id {}", mar.id());
            return;
        }
        if (mar.haveSeq() < mobile.mobileSeq()) {
            out.accept(OutgoingControl.toRouter(mobile.absolute(self), ControlAddresses.routerMa(mar.id()),
                    mar.id()));
        }
    }

    // ---------------------------------------------------------------- nodes and expiry

    private RouterNode node(String id, long now) {
        if (id.equals(self)) {
            return null;
        }
        return nodes.computeIfAbsent(id, newId -> new RouterNode(newId, now));
    }

    private void restarted(RouterNode node) {
        LOG.info("Detected restart of router {} (instance {})", node.id, node.instance);
        node.linkState = LinkState.unknown(node.id);
        node.linkStateRequested = true;
        node.advertisedLsSeq = 0;
        node.advertisedMobileSeq = 0;
        databaseChanged = true;
        remoteAddresses.flush(node);
    }

    private void expire(long now) {
        heard.values().removeIf(heardAt -> now - heardAt > maxHelloAgeMillis());
        long lsMaxAge = config.remoteLsMaxAgeSeconds() * 1000L;
        for (RouterNode node : new ArrayList<>(nodes.values())) {
            if (node.isNeighbour() && now - node.neighbourRefreshedAt > maxHelloAgeMillis()) {
                dropSilentPrimary(node, now);
            }
            if (now - node.linkStateSeenAt > lsMaxAge && !node.linkState.peers().isEmpty()) {
                LOG.info("Link state of router {} expired", node.id);
                node.linkState = LinkState.unknown(node.id);
                databaseChanged = true;
            }
        }
        for (RouterNode node : new ArrayList<>(nodes.values())) {
            if (isOrphan(node)) {
                // qdrouterd forgets a router after more than two of its one-second ticks unreferenced; the core
                // may tick more often, so this is measured in time.
                if (node.orphanSince == NEVER) {
                    node.orphanSince = now;
                } else if (now - node.orphanSince > ORPHAN_MAX_AGE_MILLIS) {
                    LOG.info("Router {} forgotten", node.id);
                    remoteAddresses.flush(node);
                    nodes.remove(node.id);
                    databaseChanged = true;
                }
            } else {
                node.orphanSince = NEVER;
            }
        }
    }

    private boolean isOrphan(RouterNode node) {
        if (!node.linkState.peers().isEmpty() || node.isNeighbour() || ownPeers.containsKey(node.id)) {
            return false;
        }
        for (RouterNode other : nodes.values()) {
            if (other != node && other.linkState.peers().containsKey(node.id)) {
                return false;
            }
        }
        return true;
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private long maxHelloAgeMillis() {
        return config.helloMaxAgeSeconds() * 1000L;
    }

    private void warnNewerVersion(String opcode, String routerId, long version) {
        String id = routerId == null ? "<unknown>" : routerId;
        if (versionWarned.add(id)) {
            LOG.warn("Received {} at protocol version {} from {}. Ignoring.", opcode, version, id);
        }
    }
}
