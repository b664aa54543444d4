package org.jrouterd.transport.amqp;

import org.apache.qpid.proton.engine.Delivery;
import org.jrouterd.core.delivery.DeliveryClock;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.DeliverySource;

/**
 * An unsettled delivery received from a producer, waiting for the outcome of its routed copy. The outcome arrives
 * on the consumer's thread and is handed back to the producer's connection, where it is applied to the proton
 * delivery and settles it.
 *
 * <p>Threads: {@link #complete} from any thread (once); {@link #run} on the producer connection's event loop,
 * which owns the proton delivery.
 */
final class InboundDelivery implements DeliverySource, Runnable {

    private final ProducerLink link;
    private final Delivery delivery;
    private final int size;
    private final long ingressMillis = DeliveryClock.millis();
    private DeliveryOutcome outcome;
    /** Link in the producer link's lock-free stack of returned outcomes; written before the publishing CAS. */
    InboundDelivery nextOutcome;

    /** @param size bytes of the message, counted in the link's byte window until the outcome comes back */
    InboundDelivery(ProducerLink link, Delivery delivery, int size) {
        this.link = link;
        this.delivery = delivery;
        this.size = size;
    }

    @Override
    public void complete(DeliveryOutcome result) {
        this.outcome = result;       // published to the producer loop by the hand-off (CAS or inbox queue)
        ConnectionInbox inbox = link.inbox();
        if (inbox.inLoop()) {
            run();
            inbox.requestAfterWork();
        } else {
            link.returnOutcome(this);
        }
    }

    @Override
    public void run() {
        link.settle(delivery, outcome, size, ingressMillis);
    }
}
