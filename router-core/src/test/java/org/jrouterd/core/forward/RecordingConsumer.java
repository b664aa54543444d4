package org.jrouterd.core.forward;

import java.util.ArrayList;
import java.util.List;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.OutboundQueue;
import org.jrouterd.core.delivery.RoutedDelivery;

/**
 * A consumer endpoint for tests: hands deliveries straight to its own {@link OutboundQueue} on the calling
 * thread, and lets the test "send" and "settle" them as a consumer would. Single-threaded, owned by the test.
 */
public final class RecordingConsumer implements ConsumerEndpoint {

    private final String name;
    private final OutboundQueue queue;
    private final List<RoutedDelivery> sent = new ArrayList<>();

    public RecordingConsumer(String name) {
        this(name, 1000);
    }

    public RecordingConsumer(String name, int presettledLimit) {
        this.name = name;
        this.queue = new OutboundQueue(presettledLimit);
    }

    @Override
    public void deliver(RoutedDelivery delivery) {
        queue.reserve(delivery);
        queue.offer(delivery);
    }

    @Override
    public int outstanding() {
        return queue.outstanding();
    }

    public OutboundQueue queue() {
        return queue;
    }

    /** Sends every queued delivery, as if the consumer had plenty of credit. */
    public List<RoutedDelivery> sendAll() {
        RoutedDelivery delivery;
        List<RoutedDelivery> now = new ArrayList<>();
        while ((delivery = queue.poll()) != null) {
            queue.sent(delivery);
            now.add(delivery);
        }
        sent.addAll(now);
        return now;
    }

    /** The consumer settles every sent delivery with {@code outcome}. */
    public void settleAll(DeliveryOutcome outcome) {
        for (RoutedDelivery delivery : sent) {
            queue.settled(delivery, outcome);
        }
        sent.clear();
    }

    @Override
    public String toString() {
        return name;
    }
}
