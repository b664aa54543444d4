package org.jrouterd.core.delivery;

import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * One copy of a message on its way to one consumer link. The payload is the encoded message, immutable once
 * routed and shared between multicast copies, each of which sends its own duplicate view; an anycast copy, the
 * only reader, sends the payload itself (see {@link #payloadForSend()}).
 *
 * <p>Threads: created on the producer's I/O thread; after hand-off it belongs to the consumer's I/O thread, whose
 * {@link OutboundQueue} alone uses the queue links below. {@link #complete} may be called from that thread only.
 */
public final class RoutedDelivery {

    private ReadableBuffer payload;
    private final int size;
    private final int messageFormat;
    private final boolean presettled;
    private final DeliverySource source;
    private final boolean routerAnnotations;
    private final long ingressMillis;
    private boolean exclusive;
    private boolean reported;

    // Link in the lock-free hand-off stack of the consumer's OutboundQueue; written before the publishing CAS.
    RoutedDelivery nextHandOff;

    // Intrusive list of unsettled deliveries, owned by the consumer's OutboundQueue.
    RoutedDelivery prevUnsettled;
    RoutedDelivery nextUnsettled;
    boolean unsettledMember;

    /**
     * @param payload       the encoded message; must not change after this call
     * @param messageFormat the AMQP message-format of the transfer
     * @param presettled    whether the copy travels pre-settled (no outcome flows back)
     * @param source        where the outcome goes (for a pre-settled copy: who counts it in flight), or null
     */
    public RoutedDelivery(ReadableBuffer payload, int messageFormat, boolean presettled, DeliverySource source) {
        this(payload, messageFormat, presettled, false, source);
    }

    /**
     * @param routerAnnotations whether the payload still carries {@code x-opt-qd.*} annotations (so a consumer
     *                          link that strips them must rewrite it; false spares every egress a scan)
     */
    public RoutedDelivery(ReadableBuffer payload, int messageFormat, boolean presettled, boolean routerAnnotations,
                          DeliverySource source) {
        this.payload = payload;
        this.size = payload.remaining();
        this.messageFormat = messageFormat;
        this.presettled = presettled;
        this.routerAnnotations = routerAnnotations;
        this.source = source;
        this.ingressMillis = DeliveryClock.millis();
    }

    /** When the copy was routed, on the {@link DeliveryClock}: how long the router has held it is measured from here. */
    public long ingressMillis() {
        return ingressMillis;
    }

    /** Whether the payload carries {@code x-opt-qd.*} message annotations. */
    public boolean routerAnnotations() {
        return routerAnnotations;
    }

    /**
     * Marks this copy as the only reader of its payload (anycast): {@link #payloadForSend()} then hands over the
     * payload itself instead of a duplicate. Call before hand-off.
     */
    public RoutedDelivery exclusive() {
        this.exclusive = true;
        return this;
    }

    /** The payload for one send: the payload itself for an exclusive copy, else a fresh view (no bytes copied). */
    public ReadableBuffer payloadForSend() {
        return exclusive ? payload : payload.duplicate();
    }

    /** Bytes of the encoded message, as routed: what this copy is charged to the {@link MessageMemory}. */
    public int size() {
        return size;
    }

    /**
     * The copy was handed to the wire: it no longer needs its payload, which may be megabytes that an unsettled
     * copy would otherwise keep reachable until the consumer settles.
     */
    public void releasePayload() {
        payload = null;
    }

    /** Whether this is one of several copies of a multicast message (anycast copies are exclusive). */
    public boolean multicastCopy() {
        return !exclusive;
    }

    /**
     * A pre-settled multicast copy queued for a stalled member: counts it out of its producer's window now, so
     * that the member no longer paces the producer (and the other members). Its later completion reports nothing.
     */
    void reportEarly() {
        complete(DeliveryOutcome.ACCEPTED);
    }

    public int messageFormat() {
        return messageFormat;
    }

    public boolean presettled() {
        return presettled;
    }

    /**
     * Reports this copy's outcome back towards the producer. A pre-settled copy reports too, once, when it
     * leaves the router (ACCEPTED when sent, RELEASED when dropped), so that its producer can count it out of
     * its credit window; no outcome reaches the wire for it.
     */
    public void complete(DeliveryOutcome outcome) {
        if (source != null && !reported) {
            reported = true;
            source.complete(outcome);
        }
    }
}
