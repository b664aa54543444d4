package org.jrouterd.transport.amqp;

import org.jrouterd.core.delivery.DeliveryClock;
import org.jrouterd.core.delivery.DeliveryOutcome;

/**
 * What management reads of one link ({@link LinkSnapshot}) beyond what the link knows anyway: its router-wide id,
 * what it is (type, priority), plain counters the link increments as deliveries pass, and the little state that
 * snapshots keep to estimate the settle rate and how long the link has been without credit. Nothing here costs
 * the data path more than an increment: no clock is read per delivery.
 *
 * <p>Threads: owned by the link's connection's event loop (increments and snapshots alike).
 */
final class LinkCounters {

    private static final long NONE = Long.MIN_VALUE;

    final long identity;
    private String type = LinkSnapshot.ENDPOINT;
    private int priority = LinkSnapshot.DEFAULT_PRIORITY;
    private boolean dynamic;
    /** Deliveries received whole (links that count them here; outgoing links count in their queue). */
    long deliveries;
    long presettled;
    long droppedPresettled;
    private long accepted;
    private long rejected;
    private long released;
    private long modified;
    private long delayed1Sec;
    private long delayed10Sec;
    private long rateFromMillis;
    private long rateFromSettled;
    private long rate;
    private long zeroCreditSinceMillis;
    private long zeroCreditDeliveries;

    /** @param nowMillis the connection's clock when the link attached */
    LinkCounters(long identity, long nowMillis) {
        this.identity = identity;
        this.rateFromMillis = nowMillis;
        this.zeroCreditSinceMillis = nowMillis;   // as qdrouterd: a new link has had no credit since it attached
    }

    /** Marks an inter-router link: its type ({@link LinkSnapshot#ROUTER_CONTROL} or inter-router) and priority. */
    void describe(String linkType, int linkPriority) {
        this.type = linkType;
        this.priority = linkPriority;
    }

    /** Marks a link whose peer attached it with {@code dynamic=true}. */
    void markDynamic() {
        dynamic = true;
    }

    String type() {
        return type;
    }

    int priority() {
        return priority;
    }

    /** Counts the terminal outcome of an unsettled delivery. */
    void outcome(DeliveryOutcome.Kind kind) {
        switch (kind) {
            case ACCEPTED -> accepted++;
            case REJECTED -> rejected++;
            case RELEASED -> released++;
            case MODIFIED -> modified++;
        }
    }

    /**
     * Counts a delivery settled after the router held it {@code heldMillis} (from when it was routed, on the
     * {@link DeliveryClock}): over 1 s it is delayed, over 10 s delayed 10 s, as qdrouterd counts them.
     */
    void settledAfter(long heldMillis) {
        switch (DeliveryClock.delayClass(heldMillis)) {
            case 10 -> delayed10Sec++;
            case 1 -> delayed1Sec++;
            default -> {
            }
        }
    }

    /**
     * A snapshot of the link; moves the sampling state on.
     *
     * @param deliveryCount     deliveries received or sent (from wherever the link counts them)
     * @param dropped           pre-settled deliveries dropped (likewise)
     * @param unsettled         deliveries whose outcome is not settled
     * @param undelivered       deliveries queued and not sent
     * @param stuck             deliveries held (queued or unsettled) for more than 10 s now
     */
    LinkSnapshot snapshot(long nowMillis, String name, String dir, String address, long connectionId, int capacity,
                          int credit, long undelivered, long unsettled, long deliveryCount, long dropped,
                          long stuck) {
        return new LinkSnapshot(identity, name, type, dir, address, dynamic, connectionId, capacity,
                Math.max(0, credit), undelivered, unsettled, deliveryCount, presettled, dropped, accepted, rejected,
                released, modified, delayed1Sec, delayed10Sec, stuck, zeroCreditSeconds(nowMillis, credit, deliveryCount),
                settleRate(nowMillis, LinkSnapshot.DIR_IN.equals(dir) ? dropped : 0), ConnectionSnapshot.ADMIN_ENABLED,
                ConnectionSnapshot.OPER_UP, priority);
    }

    /**
     * Deliveries settled per second, counted as qdrouterd counts them for its rate (pre-settled ones that were not
     * dropped, accepted, rejected), averaged from the last sample point to now; the point moves on once it is a
     * second old, so pollers faster than that read the same rate.
     *
     * @param dropped pre-settled deliveries counted in {@link #presettled} that were dropped (an incoming link
     *                counts a dropped one as received; an outgoing link never sent it)
     */
    private long settleRate(long nowMillis, long dropped) {
        long settled = presettled - dropped + accepted + rejected;
        long elapsed = nowMillis - rateFromMillis;
        if (elapsed >= 1000) {
            rate = (settled - rateFromSettled) * 1000 / elapsed;
            rateFromMillis = nowMillis;
            rateFromSettled = settled;
        }
        return rate;
    }

    /**
     * Seconds without credit, sampled: credit now means 0; none now, and none at the previous sample with no
     * delivery since (a delivery means there was credit meanwhile), means since that sample (or the attach).
     */
    private long zeroCreditSeconds(long nowMillis, int credit, long deliveryCount) {
        if (credit > 0) {
            zeroCreditSinceMillis = NONE;
            zeroCreditDeliveries = deliveryCount;
            return 0;
        }
        if (zeroCreditSinceMillis == NONE || deliveryCount != zeroCreditDeliveries) {
            zeroCreditSinceMillis = nowMillis;
            zeroCreditDeliveries = deliveryCount;
        }
        return Math.max(0, (nowMillis - zeroCreditSinceMillis) / 1000);
    }
}
