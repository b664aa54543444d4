package org.jrouterd.transport.amqp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.DeliverySource;

/**
 * Counts the pre-settled copies one producer link has routed that have not yet left the router, so that the
 * link's credit stays within {@code linkCapacity} for pre-settled traffic too: a fast pre-settled sender is slowed
 * to its consumers' pace instead of having its messages dropped. Consumer threads count copies out; when the
 * producer is waiting for room and the count falls to the low-water mark, one task wakes it (not one per message).
 *
 * <p>Threads: {@link #routed}, {@link #inFlight} and {@link #wakeWhenBelow} on the producer's loop;
 * {@link #complete} on any consumer's loop.
 */
final class PresettledWindow implements DeliverySource {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean wakeWanted = new AtomicBoolean();
    private final ProducerLink link;
    private final int lowWater;

    PresettledWindow(ProducerLink link, int capacity) {
        this.link = link;
        this.lowWater = Math.max(0, capacity / 2);
    }

    /** Producer loop: {@code copies} copies are about to be handed to consumers (negative to take them back). */
    void routed(int copies) {
        inFlight.addAndGet(copies);
    }

    /** Copies routed and not yet sent or dropped. */
    int inFlight() {
        return Math.max(0, inFlight.get());
    }

    /** Producer loop: the link stopped granting credit for want of room; wake it when there is room again. */
    void wakeWhenBelow() {
        wakeWanted.set(true);
        if (inFlight.get() <= lowWater) {
            wake();
        }
    }

    @Override
    public void complete(DeliveryOutcome outcome) {
        if (inFlight.decrementAndGet() <= lowWater && wakeWanted.get()) {
            wake();
        }
    }

    private void wake() {
        if (wakeWanted.compareAndSet(true, false)) {
            ConnectionInbox inbox = link.inbox();
            if (inbox.inLoop()) {
                inbox.requestAfterWork();
                link.updateCredit();
            } else {
                inbox.post(link::updateCredit);
            }
        }
    }
}
