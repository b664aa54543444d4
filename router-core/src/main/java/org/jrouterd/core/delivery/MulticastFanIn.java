package org.jrouterd.core.delivery;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Aggregates the outcomes of the copies of one unsettled multicast delivery into the single outcome the producer
 * sees, once every copy has settled: rejected if any copy was rejected; otherwise accepted if at least one was
 * accepted; released if every copy was released; modified otherwise.
 *
 * <p>Threads: copies complete on the I/O threads of their consumers, concurrently; the state is atomic and the
 * last copy to complete reports to the producer. Lock-free.
 */
public final class MulticastFanIn implements DeliverySource {

    private final DeliverySource producer;
    private final AtomicInteger remaining;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicReference<DeliveryOutcome> firstRejection = new AtomicReference<>();
    private final int copies;

    /**
     * @param producer where the aggregated outcome goes
     * @param copies   how many copies were routed; at least one
     */
    public MulticastFanIn(DeliverySource producer, int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("a multicast fan-in needs at least one copy, got " + copies);
        }
        this.producer = producer;
        this.copies = copies;
        this.remaining = new AtomicInteger(copies);
    }

    @Override
    public void complete(DeliveryOutcome outcome) {
        switch (outcome.kind()) {
            case ACCEPTED -> accepted.incrementAndGet();
            case RELEASED -> released.incrementAndGet();
            case REJECTED -> firstRejection.compareAndSet(null, outcome);
            case MODIFIED -> { }
        }
        int left = remaining.decrementAndGet();
        if (left == 0) {
            producer.complete(aggregate());
        } else if (left < 0) {
            throw new IllegalStateException("multicast copy completed more than once");
        }
    }

    private DeliveryOutcome aggregate() {
        DeliveryOutcome rejection = firstRejection.get();
        if (rejection != null) {
            return rejection;
        }
        if (accepted.get() > 0) {
            return DeliveryOutcome.ACCEPTED;
        }
        if (released.get() == copies) {
            return DeliveryOutcome.RELEASED;
        }
        return DeliveryOutcome.MODIFIED_FAILED;
    }
}
