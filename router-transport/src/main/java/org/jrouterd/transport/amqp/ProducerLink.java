package org.jrouterd.transport.amqp;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.jrouterd.core.address.AddressName;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.DeliveryClock;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.DeliverySource;
import org.jrouterd.core.forward.AddressRoute;
import org.jrouterd.core.forward.Forwarder;
import org.jrouterd.core.forward.ProducerEndpoint;
import org.jrouterd.core.message.RoutingPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link on which a client sends messages to the router (a proton {@link Receiver} on our side). It routes each
 * complete delivery without decoding it, and manages credit: a link with a fixed target gets credit only while
 * its address has a consumer; every link keeps at most {@code linkCapacity} deliveries unsettled or credited.
 *
 * <p>On an inter-router connection the same class receives a neighbour's data link: anonymous, routed by
 * {@code x-opt-qd.to} or {@code to}, towards local consumers and further routers.
 *
 * <p>Threads: owned by its connection's event loop; {@link #routeChanged} may be called from the core thread and
 * is handed to the loop.
 */
final class ProducerLink implements ProducerEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER");
    /**
     * Largest message accepted, in bytes. Until streaming lands, a message is held whole while it arrives, so
     * this bounds the memory one sender can make the router hold (qdrouterd's default is unlimited; its policy
     * {@code maxMessageSize} will set it once policy is supported).
     */
    static final long MAX_MESSAGE_SIZE = 64L * 1024 * 1024;

    private final AmqpConnection connection;
    private final Receiver receiver;
    private final String address;
    private final int capacity;
    private AddressRoute route;
    private int inFlight;
    private final PresettledWindow presettledWindow;
    private final AtomicReference<InboundDelivery> returnedOutcomes = new AtomicReference<>();
    private final Runnable settleReturnedOutcomes = this::settleReturnedOutcomes;
    private final boolean interRouter;
    private int cursor;
    private boolean closed;
    /** Bytes of unsettled messages routed from this link whose outcome has not come back (its byte window). */
    private long bytesInFlight;
    /** Bytes of the message part-way through arriving, charged to the router's message memory. */
    private long partialCharged;
    /** A moving average of this link's message sizes (0 until one arrived), to size credit in bytes. */
    private long averageSize;
    private boolean waitingForMemory;
    private final LinkCounters counters;

    /**
     * @param address the normalised target address, or null for an anonymous-relay link (routed by {@code to})
     */
    ProducerLink(AmqpConnection connection, Receiver receiver, String address, int capacity) {
        this(connection, receiver, address, capacity, false);
    }

    /**
     * @param interRouter whether this is an inter-router data link: messages are routed by {@code x-opt-qd.to}
     *                    (else {@code to}), keep their router annotations, and are never sent back along their trace
     */
    ProducerLink(AmqpConnection connection, Receiver receiver, String address, int capacity, boolean interRouter) {
        this.interRouter = interRouter;
        this.connection = connection;
        this.receiver = receiver;
        this.address = address;
        this.capacity = capacity;
        this.presettledWindow = new PresettledWindow(this, capacity);
        this.counters = new LinkCounters(connection.nextLinkId(), connection.nowMillis());
    }

    /** What management counts of this link. */
    LinkCounters counters() {
        return counters;
    }

    /**
     * The link as management shows it: unsettled are the deliveries routed whose outcome has not come back; an
     * incoming link queues nothing.
     */
    LinkSnapshot snapshot(long nowMillis) {
        return counters.snapshot(nowMillis, receiver.getName(), LinkSnapshot.DIR_IN, address, connection.identity(),
                capacity, receiver.getCredit(), 0, inFlight, counters.deliveries, counters.droppedPresettled, 0);
    }

    ConnectionInbox inbox() {
        return connection.inbox();
    }

    Receiver receiver() {
        return receiver;
    }

    @Override
    public void routeChanged(AddressRoute newRoute) {
        inbox().post(() -> {
            if (!closed) {
                route = newRoute;
                updateCredit();
            }
        });
    }

    /** Grants credit up to the window while messages have somewhere to go; asks the sender to drain otherwise. */
    void updateCredit() {
        if (closed) {
            return;
        }
        // A fail-fast address takes messages with no consumer too: each is rejected at once (see route()).
        boolean open = address == null || (route != null && (route.reachable() || route.failFast()));
        int credit = receiver.getCredit();
        if (open) {
            if (receiver.getDrain()) {
                receiver.setDrain(false);
            }
            int want = Math.min(capacity - inFlight - presettledWindow.inFlight() - credit, byteWindowRoom(credit));
            if (connection.router().memory().overLimit()) {
                want = 0;
                waitForMemory();
            }
            if (want > 0 && (credit == 0 || want >= capacity / 2)) {
                receiver.flow(want);
            } else if (credit == 0 && presettledWindow.inFlight() > 0) {
                presettledWindow.wakeWhenBelow();
            }
        } else if (credit > 0 && !receiver.getDrain()) {
            receiver.drain(0);
        }
    }

    /**
     * How many more messages the link's byte window has room for beyond {@code credit} already granted, going
     * by the average message size: it keeps the bytes of unsettled messages in flight from this link within
     * {@link #linkByteBudget()}; a link with nothing in flight may always have one message, whatever its size.
     */
    private int byteWindowRoom(int credit) {
        if (averageSize == 0) {
            return Integer.MAX_VALUE;
        }
        long room = (linkByteBudget() - bytesInFlight - partialCharged) / averageSize - credit;
        if (room <= 0) {
            return bytesInFlight == 0 && partialCharged == 0 && credit == 0 ? 1 : 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, room);
    }

    /** Bytes of unsettled messages one link may have in flight: an eighth of the router's message memory. */
    private long linkByteBudget() {
        return Math.max(64 * 1024, connection.router().memory().limit() / 8);
    }

    /** The router holds as much as it may: grant credit again once it has let go of a quarter. */
    private void waitForMemory() {
        if (!waitingForMemory) {
            waitingForMemory = true;
            connection.router().memory().whenBelowLowWater(() -> inbox().post(() -> {
                waitingForMemory = false;
                updateCredit();
            }));
        }
    }

    /** Whether a message is part-way through arriving on this link. */
    boolean receivingMessage() {
        return partialCharged > 0;
    }

    /** Charges the bytes of the message still arriving as they come (proton holds them until it is whole). */
    private void chargePartial(long received) {
        if (received > partialCharged) {
            connection.router().memory().chargePartial(received - partialCharged);
            partialCharged = received;
        }
    }

    private void dischargePartial() {
        if (partialCharged > 0) {
            connection.router().memory().chargePartial(-partialCharged);
            partialCharged = 0;
        }
    }

    /** A delivery event on this link: routes it once it is complete. */
    void onDelivery(Delivery delivery) {
        if (closed) {
            return;
        }
        if (delivery != receiver.current()) {
            // An update of a delivery already received and routed (its sender settled it, or sent a state): its
            // outcome still comes from the consumer. Reading on would take the bytes of the link's next delivery.
            return;
        }
        if (delivery.isAborted()) {
            dischargePartial();
            receiver.advance();
            delivery.settle();
            updateCredit();
            return;
        }
        if (delivery.isPartial()) {
            if (delivery.pending() > MAX_MESSAGE_SIZE) {
                refuseOversizeMessage();
            } else {
                chargePartial(delivery.pending());
            }
            return;
        }
        dischargePartial();   // the routed copies are charged from here on
        connection.messageReceived();
        ReadableBuffer payload = receiver.recv();
        int size = payload.remaining();
        averageSize = averageSize == 0 ? size : (averageSize * 7 + size) / 8;
        receiver.advance();
        boolean presettled = delivery.remotelySettled();
        counters.deliveries++;
        if (presettled) {
            counters.presettled++;
        }
        RoutingPrefix prefix = connection.scanner();
        if (!prefix.scan(payload)) {
            finish(delivery, presettled, DeliveryOutcome.rejected("amqp:decode-error",
                    "the message sections could not be parsed"));
            return;
        }
        boolean routerAnnotations = prefix.hasRouterAnnotations();
        boolean strip = routerAnnotations && connection.stripInbound();
        ReadableBuffer received = payload;
        if (strip) {
            payload = connection.rewriter().rewrite(payload, prefix, true, Map.of());
            routerAnnotations = false;
        }
        ForwardingEnvelope envelope = connection.envelope().reset(received, prefix, strip, interRouter,
                interRouter ? null : address);
        try {
            route(delivery, payload, size, presettled, routerAnnotations, prefix, envelope);
        } finally {
            envelope.clear();
        }
    }

    private void route(Delivery delivery, ReadableBuffer payload, int size, boolean presettled,
                       boolean routerAnnotations, RoutingPrefix prefix, ForwardingEnvelope envelope) {
        AddressRoute target = route;
        String to = null;
        if (address == null) {
            to = interRouter && prefix.routerTo() != null ? prefix.routerTo() : prefix.to();
            if (to == null) {
                finish(delivery, presettled, DeliveryOutcome.rejected("amqp:not-found",
                        "anonymous-relay message has no 'to' address"));
                return;
            }
            if (envelope.looped()) {
                LOG.debug("link {}: message to {} came round a loop; released", receiver.getName(), to);
                finish(delivery, presettled, DeliveryOutcome.RELEASED);
                return;
            }
            to = AddressName.normalize(to);
            if (interRouter && prefix.routerPhase() != 0) {
                // A later phase of a waypoint address (M<phase> in qdrouterd): jrouterd has destinations only at
                // phase 0, and must not hand the message to phase-0 consumers as if it had not been through the
                // waypoint yet. No route: released back to the neighbour.
                LOG.debug("link {}: message to {} at phase {} has no destination here; released",
                        receiver.getName(), to, prefix.routerPhase());
                finish(delivery, presettled, DeliveryOutcome.RELEASED);
                return;
            }
            target = connection.router().forwarding().resolve(to, connection.router().id());
        }
        int copies = 0;
        DeliverySource source;
        if (presettled) {
            copies = Forwarder.copies(target, envelope);
            presettledWindow.routed(copies);
            source = presettledWindow;
        } else {
            source = new InboundDelivery(this, delivery, size);
        }
        Forwarder.Result result = Forwarder.forward(target, payload, delivery.getMessageFormat(), presettled,
                routerAnnotations, source, cursor++, envelope);
        if (presettled && result != Forwarder.Result.FORWARDED) {
            presettledWindow.routed(-copies);
        }
        if (result == Forwarder.Result.NO_ROUTE && to != null
                && connection.router().addressConfig().distributionFor(to) == Distribution.UNAVAILABLE) {
            result = Forwarder.Result.UNAVAILABLE;
        }
        if (result == Forwarder.Result.NO_ROUTE && !presettled && failFast(target, to)) {
            finish(delivery, false, DeliveryOutcome.rejected("amqp:not-found",
                    "no consumer for address " + (to != null ? to : address)));
            updateCredit();
            return;
        }
        switch (result) {
            case FORWARDED -> {
                if (presettled) {
                    delivery.settle();
                } else {
                    inFlight++;
                    bytesInFlight += size;
                }
            }
            case NO_ROUTE -> finish(delivery, presettled, DeliveryOutcome.RELEASED);
            case UNAVAILABLE -> finish(delivery, presettled, DeliveryOutcome.rejected("amqp:not-found",
                    "address " + (to != null ? to : address) + " is unavailable"));
        }
        updateCredit();
    }

    /**
     * Whether a message that found no consumer is rejected rather than released: its address is fail-fast, by its
     * route, or (an anonymous sender's {@code to} that nothing uses) by the address configuration.
     */
    private boolean failFast(AddressRoute target, String to) {
        if (target != null) {
            return target.failFast();
        }
        if (to == null || to.startsWith("_")) {
            return false;
        }
        org.jrouterd.core.address.AddressConfig config = connection.router().addressConfig().lookup(to);
        return config != null && config.failFast();
    }

    /**
     * A message still arriving has outgrown {@link #MAX_MESSAGE_SIZE}: proton buffers a message until its last
     * frame, so the only way to bound memory is to stop it: the link is detached with
     * {@code amqp:link:message-size-exceeded} (frames already on their way are dropped with the link); the
     * connection and its other links carry on. The delivery is left unsettled on purpose: proton-j fails on
     * transfer frames that arrive for a delivery settled while still partial.
     */
    private void refuseOversizeMessage() {
        LOG.info("link {}: message over {} bytes refused", receiver.getName(), MAX_MESSAGE_SIZE);
        connection.detachWithError(receiver, "amqp:link:message-size-exceeded",
                "message larger than " + MAX_MESSAGE_SIZE + " bytes");
    }

    /** Settles a delivery at once: pre-settled ones are dropped (logged at debug), others get {@code outcome}. */
    private void finish(Delivery delivery, boolean presettled, DeliveryOutcome outcome) {
        if (presettled) {
            counters.droppedPresettled++;
            if (LOG.isDebugEnabled()) {
                LOG.debug("dropped a pre-settled message on link {}: {}", receiver.getName(), outcome.kind());
            }
        } else {
            counters.outcome(outcome.kind());
            delivery.disposition(ProtonOutcomes.toProton(outcome));
        }
        delivery.settle();
        updateCredit();
    }

    /**
     * Any thread: an outcome came back from another loop. Outcomes are pushed on a lock-free stack threaded
     * through the deliveries themselves; one task per burst settles them all (no task or node per message).
     */
    void returnOutcome(InboundDelivery delivery) {
        InboundDelivery top;
        do {
            top = returnedOutcomes.get();
            delivery.nextOutcome = top;
        } while (!returnedOutcomes.compareAndSet(top, delivery));
        if (top == null) {
            inbox().post(settleReturnedOutcomes);
        }
    }

    private void settleReturnedOutcomes() {
        InboundDelivery delivery = returnedOutcomes.getAndSet(null);
        while (delivery != null) {
            InboundDelivery next = delivery.nextOutcome;
            delivery.nextOutcome = null;
            delivery.run();
            delivery = next;
        }
    }

    /** The outcome of a forwarded delivery came back: relay it to the producer and settle. */
    void settle(Delivery delivery, DeliveryOutcome outcome, int size, long ingressMillis) {
        inFlight--;
        bytesInFlight -= size;
        counters.outcome(outcome.kind());
        counters.settledAfter(DeliveryClock.millis() - ingressMillis);
        if (closed) {
            return;
        }
        delivery.disposition(ProtonOutcomes.toProton(outcome));
        delivery.settle();
        updateCredit();
    }

    /** The link or its connection went away; outcomes that arrive later are ignored. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        dischargePartial();
        if (address != null) {
            connection.router().core().detachProducer(address, this);
        }
    }
}
