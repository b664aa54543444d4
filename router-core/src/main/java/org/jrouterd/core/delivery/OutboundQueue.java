package org.jrouterd.core.delivery;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deliveries of one outgoing (router-to-consumer) link: those waiting for credit, and those sent but not yet
 * settled by the consumer. It guarantees that every routed copy completes exactly once: with the consumer's
 * outcome, as RELEASED if it never left the router, or as MODIFIED (delivery-failed) if it was sent and the link
 * went away before the consumer settled it.
 *
 * <p>Every copy is charged to the router's {@link MessageMemory} from the moment it is handed over; the queue
 * lets the bytes go when it drops or releases a copy, and its link when the copy's bytes have been framed.
 *
 * <p>Threads: owned by the I/O thread of the consumer's connection, except {@link #reserve} and
 * {@link #outstanding()}, which any producer thread calls to count a delivery in before handing it over (the
 * count is what balanced distribution compares).
 */
public final class OutboundQueue {

    private final ArrayDeque<RoutedDelivery> pending = new ArrayDeque<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicReference<RoutedDelivery> handOffs = new AtomicReference<>();
    private final int presettledLimit;
    private final MessageMemory memory;
    private RoutedDelivery unsettledHead;
    private int unsettledCount;
    private long droppedPresettled;
    private long sentCount;
    private boolean stalled;
    private boolean closed;

    /**
     * @param presettledLimit how many deliveries may wait for credit before further pre-settled ones are dropped
     *                        (unsettled ones are bounded by their producers' credit windows instead)
     */
    public OutboundQueue(int presettledLimit) {
        this(presettledLimit, null);
    }

    /**
     * @param memory the router's message budget, charged for every copy handed over; null for none
     */
    public OutboundQueue(int presettledLimit, MessageMemory memory) {
        this.presettledLimit = Math.max(1, presettledLimit);
        this.memory = memory;
    }

    /** Any thread: counts a delivery in (and charges its bytes) before it is handed to this link's thread. */
    public void reserve(RoutedDelivery delivery) {
        outstanding.incrementAndGet();
        charge(delivery.size());
    }

    /** The router's message budget, or null. */
    public MessageMemory memory() {
        return memory;
    }

    private void charge(long bytes) {
        if (memory != null) {
            memory.charge(bytes);
        }
    }

    /** Lets go of the bytes of a copy that left the router (framed, dropped or released). */
    public void discharge(long bytes) {
        if (memory != null) {
            memory.discharge(bytes);
        }
    }

    /** Any thread: deliveries reserved and not yet settled, sent pre-settled, released or dropped. */
    public int outstanding() {
        return outstanding.get();
    }

    /**
     * Any thread: counts a delivery in and hands it to this link's thread without allocating: deliveries are
     * pushed on a lock-free stack threaded through the deliveries themselves, which the link's thread takes whole
     * with {@link #acceptHandOffs()}.
     *
     * @return true if the stack was empty, i.e. the link's thread must be asked to call {@link #acceptHandOffs()}
     */
    public boolean handOff(RoutedDelivery delivery) {
        outstanding.incrementAndGet();
        charge(delivery.size());
        RoutedDelivery top;
        do {
            top = handOffs.get();
            delivery.nextHandOff = top;
        } while (!handOffs.compareAndSet(top, delivery));
        return top == null;
    }

    /** Owner thread: queues every handed-off delivery, in the order they were handed off; returns how many. */
    public int acceptHandOffs() {
        RoutedDelivery newestFirst = handOffs.getAndSet(null);
        RoutedDelivery oldestFirst = null;
        while (newestFirst != null) {
            RoutedDelivery next = newestFirst.nextHandOff;
            newestFirst.nextHandOff = oldestFirst;
            oldestFirst = newestFirst;
            newestFirst = next;
        }
        int accepted = 0;
        while (oldestFirst != null) {
            RoutedDelivery next = oldestFirst.nextHandOff;
            oldestFirst.nextHandOff = null;
            offer(oldestFirst);
            oldestFirst = next;
            accepted++;
        }
        return accepted;
    }

    /** Accepts a reserved delivery: queues it, or completes it at once if the link is closed or full. */
    public void offer(RoutedDelivery delivery) {
        if (closed) {
            outstanding.decrementAndGet();
            discharge(delivery.size());
            delivery.complete(DeliveryOutcome.RELEASED);
        } else if (delivery.presettled() && pending.size() >= presettledLimit) {
            outstanding.decrementAndGet();
            discharge(delivery.size());
            droppedPresettled++;
            delivery.complete(DeliveryOutcome.RELEASED);
        } else {
            pending.addLast(delivery);
            if (stalled && delivery.presettled() && delivery.multicastCopy()) {
                delivery.reportEarly();
            }
        }
    }

    /** Whether more than half the queue's room is taken: the owner should watch that the consumer still takes. */
    public boolean behind() {
        return pending.size() > presettledLimit / 2;
    }

    /** Copies sent so far: the owner compares two readings to tell a slow consumer from a stuck one. */
    public long sentCount() {
        return sentCount;
    }

    /**
     * The consumer is behind and took nothing for a while: as qdrouterd, multicast does not wait for its slowest
     * member. Its queued pre-settled multicast copies, and those to come until it takes one again, stop holding
     * their producers' windows (so the other members go on); past the limit its copies are dropped and counted.
     * Anycast copies keep pacing their producer.
     */
    public void markStalled() {
        stalled = true;
        for (RoutedDelivery waiting : pending) {
            if (waiting.presettled() && waiting.multicastCopy()) {
                waiting.reportEarly();
            }
        }
    }

    /** Whether the consumer was found stalled and has taken nothing since. */
    public boolean stalled() {
        return stalled;
    }

    /** The next delivery to send, removed from the queue, or null. */
    public RoutedDelivery poll() {
        return pending.pollFirst();
    }

    /** Deliveries waiting for credit. */
    public int pendingCount() {
        return pending.size();
    }

    /** Deliveries sent and not yet settled by the consumer. */
    public int unsettledCount() {
        return unsettledCount;
    }

    /** Pre-settled deliveries dropped because the consumer could not keep up. */
    public long droppedPresettled() {
        return droppedPresettled;
    }

    /** Records that a polled delivery went out on the wire. */
    public void sent(RoutedDelivery delivery) {
        sentCount++;
        stalled = false;
        if (delivery.presettled()) {
            outstanding.decrementAndGet();
            delivery.complete(DeliveryOutcome.ACCEPTED);
            return;
        }
        delivery.unsettledMember = true;
        delivery.prevUnsettled = null;
        delivery.nextUnsettled = unsettledHead;
        if (unsettledHead != null) {
            unsettledHead.prevUnsettled = delivery;
        }
        unsettledHead = delivery;
        unsettledCount++;
    }

    /** The consumer settled a sent delivery (or gave it a terminal outcome): relay the outcome once. */
    public void settled(RoutedDelivery delivery, DeliveryOutcome outcome) {
        if (!delivery.unsettledMember) {
            return;
        }
        unlink(delivery);
        outstanding.decrementAndGet();
        delivery.complete(outcome);
    }

    /**
     * The link or its connection went away: undelivered copies are released, sent-but-unsettled ones are
     * reported modified with delivery-failed, and anything offered later is released at once.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        acceptHandOffs();
        RoutedDelivery waiting;
        while ((waiting = pending.pollFirst()) != null) {
            outstanding.decrementAndGet();
            discharge(waiting.size());
            waiting.complete(DeliveryOutcome.RELEASED);
        }
        while (unsettledHead != null) {
            settled(unsettledHead, DeliveryOutcome.MODIFIED_FAILED);
        }
    }

    /**
     * Deliveries held here longer than {@link DeliveryClock#STUCK_MILLIS}, queued or sent and unsettled, at
     * {@code nowMillis} on the {@link DeliveryClock} (qdrouterd's {@code deliveriesStuck}). Walks both lists: for
     * management reads, never per delivery.
     */
    public int stuckCount(long nowMillis) {
        int stuck = 0;
        for (RoutedDelivery waiting : pending) {
            if (nowMillis - waiting.ingressMillis() > DeliveryClock.STUCK_MILLIS) {
                stuck++;
            }
        }
        for (RoutedDelivery sent = unsettledHead; sent != null; sent = sent.nextUnsettled) {
            if (nowMillis - sent.ingressMillis() > DeliveryClock.STUCK_MILLIS) {
                stuck++;
            }
        }
        return stuck;
    }

    private void unlink(RoutedDelivery delivery) {
        if (delivery.prevUnsettled != null) {
            delivery.prevUnsettled.nextUnsettled = delivery.nextUnsettled;
        } else {
            unsettledHead = delivery.nextUnsettled;
        }
        if (delivery.nextUnsettled != null) {
            delivery.nextUnsettled.prevUnsettled = delivery.prevUnsettled;
        }
        delivery.prevUnsettled = null;
        delivery.nextUnsettled = null;
        delivery.unsettledMember = false;
        unsettledCount--;
    }
}
