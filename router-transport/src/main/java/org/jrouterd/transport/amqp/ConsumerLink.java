package org.jrouterd.transport.amqp;

import java.util.ArrayDeque;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.jrouterd.core.delivery.DeliveryClock;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.OutboundQueue;
import org.jrouterd.core.delivery.RoutedDelivery;
import org.jrouterd.core.forward.ConsumerEndpoint;
import org.jrouterd.core.message.RoutingPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link on which the router sends messages to a client (a proton {@link Sender} on our side). Routed deliveries
 * queue here until the client grants credit; the client's outcomes flow back to the producers.
 *
 * <p>On an inter-router connection the same class sends on a control or data link to the neighbour; there the
 * router's annotations are kept.
 *
 * <p>Threads: owned by its connection's event loop; {@link #deliver} and {@link #outstanding} are called by
 * producer threads.
 */
final class ConsumerLink implements ConsumerEndpoint {

    /** Bytes a link may have handed proton, not yet framed, before it stops handing it messages. */
    static final int PROTON_BACKLOG_BYTES = 64 * 1024;

    private final AmqpConnection connection;
    private final Sender sender;
    private final String address;
    private final OutboundQueue queue;
    private final boolean sendSettled;
    private static final Logger LOG = LoggerFactory.getLogger("ROUTER");
    private static final Logger CORE_LOG = LoggerFactory.getLogger("ROUTER_CORE");
    private static final long DROP_LOG_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    /** How long a consumer that is behind may take nothing before multicast stops waiting for it. */
    static final long STALL_MILLIS = 1_000;
    private boolean stallWatch;
    private long dropsLogged;
    private long dropsLoggedAt;
    private long nextTag;
    /** Deliveries handed to proton whose bytes it has not framed whole yet, oldest first. */
    private final ArrayDeque<Delivery> unframed = new ArrayDeque<>();
    /** Bytes of those not yet framed, charged to the message memory. */
    private long unframedBytes;
    private boolean closed;
    boolean ready;
    private final int capacity;
    private final LinkCounters counters;
    private boolean reportedStuck;
    private boolean reportedBlocked;

    /**
     * @param address the normalised source address the consumer subscribed to; null for an inter-router link,
     *                which the core reaches through {@link org.jrouterd.core.forward.NeighbourLinks} instead
     */
    ConsumerLink(AmqpConnection connection, Sender sender, String address, int capacity) {
        this.connection = connection;
        this.sender = sender;
        this.address = address;
        this.queue = new OutboundQueue(capacity, connection.router().memory());
        this.sendSettled = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        this.capacity = capacity;
        this.counters = new LinkCounters(connection.nextLinkId(), connection.nowMillis());
    }

    /** What management counts of this link. */
    LinkCounters counters() {
        return counters;
    }

    /**
     * The link as management shows it: undelivered are the deliveries queued for credit (those handed over by
     * another loop and not yet taken in are not counted), unsettled those sent and not settled by the consumer.
     */
    LinkSnapshot snapshot(long nowMillis) {
        return counters.snapshot(nowMillis, sender.getName(), LinkSnapshot.DIR_OUT, address, connection.identity(),
                capacity, sender.getCredit(), queue.pendingCount(), queue.unsettledCount(), queue.sentCount(),
                queue.droppedPresettled(), queue.stuckCount(DeliveryClock.millis()));
    }

    Sender sender() {
        return sender;
    }

    @Override
    public void deliver(RoutedDelivery delivery) {
        ConnectionInbox inbox = connection.inbox();
        if (inbox.inLoop()) {
            // Producer and consumer share this event loop: hand over directly, no task, no wake-up per message.
            queue.reserve(delivery);
            queue.offer(delivery);
            watchForStall();
            noteDrops();
            connection.markReady(this);
            inbox.requestAfterWork();
        } else if (queue.handOff(delivery)) {
            // No task or node per message: one task per burst takes every delivery handed off meanwhile.
            inbox.post(acceptHandOffs);
        }
    }

    private final Runnable acceptHandOffs = this::acceptHandOffs;

    private void acceptHandOffs() {
        if (queue.acceptHandOffs() > 0) {
            watchForStall();
            noteDrops();
            connection.markReady(this);
        }
    }

    /**
     * Logs, at most every {@link #DROP_LOG_INTERVAL_NANOS}, that this consumer is not keeping up and pre-settled
     * copies for it are being dropped (multicast does not wait for its slowest member), with how many.
     */
    /**
     * A consumer more than half its queue behind is watched: if it takes nothing for {@link #STALL_MILLIS}, it is
     * stalled, and its pre-settled multicast copies stop pacing their producers (see
     * {@link OutboundQueue#markStalled()}). One that takes even one copy meanwhile is slow, not stalled.
     */
    private void watchForStall() {
        if (stallWatch || closed || queue.stalled() || !queue.behind()) {
            return;
        }
        stallWatch = true;
        long sentBefore = queue.sentCount();
        connection.inbox().schedule(() -> {
            stallWatch = false;
            if (closed || !queue.behind()) {
                return;
            }
            if (queue.sentCount() == sentBefore) {
                queue.markStalled();
            } else {
                watchForStall();
            }
        }, STALL_MILLIS);
    }

    private void noteDrops() {
        long dropped = queue.droppedPresettled();
        if (dropped == dropsLogged) {
            return;
        }
        long now = System.nanoTime();
        if (dropsLogged == 0 || now - dropsLoggedAt >= DROP_LOG_INTERVAL_NANOS) {
            LOG.info("link {} to {}: the consumer is not keeping up; {} pre-settled messages dropped for it ({} in "
                    + "all)", sender.getName(), address, dropped - dropsLogged, dropped);
            dropsLogged = dropped;
            dropsLoggedAt = now;
        }
    }

    @Override
    public int outstanding() {
        return queue.outstanding();
    }

    /**
     * Whether this link has queued deliveries, credit to send them with, and room in proton: it has handed proton
     * less than {@link #PROTON_BACKLOG_BYTES} not yet framed (proton frames only as fast as the socket takes
     * bytes, so a large message is given to proton only when the one before it has nearly gone out).
     */
    boolean canSend() {
        return !closed && queue.pendingCount() > 0 && sender.getCredit() > 0 && unframedBytes < PROTON_BACKLOG_BYTES
                && sender.getLocalState() == EndpointState.ACTIVE;   // proton may have closed it under us
    }

    /**
     * After output: forgets the deliveries proton has framed whole and lets go of the bytes framed since the
     * last call (proton frames a link's deliveries in order; {@link Delivery#pending()} is what it has not).
     *
     * @return whether bytes are still waiting to be framed
     */
    boolean retireFramed() {
        Delivery head;
        while ((head = unframed.peekFirst()) != null && head.pending() == 0) {
            unframed.pollFirst();
        }
        long still = 0;
        for (Delivery delivery : unframed) {
            still += delivery.pending();
        }
        queue.discharge(unframedBytes - still);
        unframedBytes = still;
        return still > 0;
    }

    /** Whether deliveries wait on this link for credit or room. */
    boolean hasQueued() {
        return !closed && queue.pendingCount() > 0;
    }


    /**
     * Sends queued deliveries while the client has credit, up to about {@code byteBudget} bytes.
     *
     * @return bytes sent
     */
    int pump(int byteBudget) {
        int sent = 0;
        while (sent < byteBudget && canSend()) {
            RoutedDelivery routed = queue.poll();
            sent += send(routed);
        }
        if (!closed && sender.getDrain() && queue.pendingCount() == 0 && sender.getCredit() > 0) {
            sender.drained();
        }
        return sent;
    }

    private int send(RoutedDelivery routed) {
        Delivery delivery = sender.delivery(tag(nextTag++));
        delivery.setMessageFormat(routed.messageFormat());
        ReadableBuffer payload = routed.payloadForSend();
        if (routed.routerAnnotations() && connection.stripOutbound()) {
            RoutingPrefix prefix = connection.scanner();
            if (prefix.scan(payload) && prefix.hasRouterAnnotations()) {
                payload = connection.rewriter().rewrite(payload, prefix, true, Map.of());
            }
        }
        int size = payload.remaining();
        sender.sendNoCopy(payload);
        sender.advance();
        routed.releasePayload();
        // The bytes stay charged until proton has framed them (see retireFramed).
        if (size != routed.size()) {
            queue.memory().charge(size - routed.size());   // rewritten: annotations stripped
        }
        if (unframedBytes == 0) {
            connection.framing(this);
        }
        unframedBytes += size;
        unframed.addLast(delivery);
        queue.sent(routed);
        connection.messageSent();
        if (routed.presettled() || sendSettled) {
            counters.presettled++;
            counters.settledAfter(DeliveryClock.millis() - routed.ingressMillis());
            delivery.settle();
            // At-most-once consumer: the router settled it on the wire, so the producer learns it was accepted.
            queue.settled(routed, DeliveryOutcome.ACCEPTED);
        } else {
            delivery.setContext(routed);
        }
        return size;
    }

    /**
     * Logs at info, once per link, as qdrouterd does: a delivery held for more than 10 s, queued or unsettled;
     * and, for a link to a client, no credit for more than 10 s.
     */
    void detectStuck(long nowMillis) {
        if (closed) {
            return;
        }
        LinkSnapshot now = snapshot(nowMillis);
        if (!reportedStuck && now.deliveriesStuck() > 0) {
            reportedStuck = true;
            CORE_LOG.info("[C{}][L{}] Stuck delivery: At least one delivery on this link has been "
                    + "undelivered/unsettled for more than {} seconds", connection.identity(), counters.identity,
                    DeliveryClock.STUCK_MILLIS / 1000);
        }
        if (!reportedBlocked && LinkSnapshot.ENDPOINT.equals(now.linkType())
                && now.zeroCreditSeconds() > DeliveryTotals.BLOCKED_SECONDS) {
            reportedBlocked = true;
            CORE_LOG.info("[C{}][L{}] Link blocked with zero credit for {} seconds", connection.identity(),
                    counters.identity, now.zeroCreditSeconds());
        }
    }

    /** The client updated a delivery we sent: relay a terminal outcome to the producer and settle ours. */
    void onDisposition(Delivery delivery) {
        if (!(delivery.getContext() instanceof RoutedDelivery routed)) {
            return;
        }
        DeliveryOutcome outcome = ProtonOutcomes.fromProton(delivery.getRemoteState(), delivery.remotelySettled());
        if (outcome == null) {
            return;
        }
        delivery.setContext(null);
        delivery.settle();
        counters.outcome(outcome.kind());
        counters.settledAfter(DeliveryClock.millis() - routed.ingressMillis());
        queue.settled(routed, outcome);
    }

    /** Whether the link or its connection went away. */
    boolean isClosed() {
        return closed;
    }

    /** The link or its connection went away: release what never left, fail what is unsettled. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.discharge(unframedBytes);   // proton frames nothing more for a closed link
        unframedBytes = 0;
        unframed.clear();
        queue.close();
        if (address != null) {
            connection.router().core().detachConsumer(address, this);
        }
    }

    private static byte[] tag(long value) {
        int length = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8);
        byte[] tag = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            tag[i] = (byte) value;
            value >>>= 8;
        }
        return tag;
    }
}
