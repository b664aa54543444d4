package org.jrouterd.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private final List<DeliveryOutcome> outcomes = new ArrayList<>();

    private RoutedDelivery unsettled() {
        return new RoutedDelivery(ReadableBuffer.ByteBufferReader.allocate(4), 0, false, outcomes::add);
    }

    private RoutedDelivery presettled() {
        return new RoutedDelivery(ReadableBuffer.ByteBufferReader.allocate(4), 0, true, outcomes::add);
    }

    private static void offer(OutboundQueue queue, RoutedDelivery delivery) {
        queue.reserve(delivery);
        queue.offer(delivery);
    }

    @Test
    void consumerLossReleasesUnsentAndFailsSentUnsettledDeliveries() {
        OutboundQueue queue = new OutboundQueue(100);
        RoutedDelivery sent = unsettled();
        offer(queue, sent);
        offer(queue, unsettled());
        offer(queue, unsettled());
        queue.sent(queue.poll());
        assertThat(queue.outstanding()).isEqualTo(3);

        queue.close();

        assertThat(outcomes).containsExactlyInAnyOrder(DeliveryOutcome.RELEASED, DeliveryOutcome.RELEASED,
                DeliveryOutcome.MODIFIED_FAILED);
        assertThat(outcomes).doesNotContain(DeliveryOutcome.ACCEPTED);
        assertThat(queue.outstanding()).isZero();
        assertThat(queue.unsettledCount()).isZero();
    }

    @Test
    void deliveriesHeldOverTenSecondsQueuedOrUnsettledAreStuckUntilSettled() {
        OutboundQueue queue = new OutboundQueue(100);
        RoutedDelivery sent = unsettled();
        offer(queue, sent);
        offer(queue, unsettled());
        queue.sent(queue.poll());
        long routed = sent.ingressMillis();

        assertThat(queue.stuckCount(routed + DeliveryClock.STUCK_MILLIS)).as("exactly 10 s is not over").isZero();
        assertThat(queue.stuckCount(routed + DeliveryClock.STUCK_MILLIS + 1)).isEqualTo(2);

        queue.settled(sent, DeliveryOutcome.ACCEPTED);
        assertThat(queue.stuckCount(routed + DeliveryClock.STUCK_MILLIS + 1)).as("the queued one").isEqualTo(1);
    }

    @Test
    void theDeliveryClockMovesWithoutBeingAskedAndClassifiesDelays() throws InterruptedException {
        long start = DeliveryClock.millis();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (DeliveryClock.millis() == start && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(DeliveryClock.millis()).isGreaterThan(start);
        assertThat(DeliveryClock.delayClass(1_000)).isZero();
        assertThat(DeliveryClock.delayClass(1_001)).isEqualTo(1);
        assertThat(DeliveryClock.delayClass(10_000)).isEqualTo(1);
        assertThat(DeliveryClock.delayClass(10_001)).isEqualTo(10);
    }

    @Test
    void deliveryHandedToAClosedLinkIsReleasedAtOnce() {
        OutboundQueue queue = new OutboundQueue(100);
        queue.close();
        offer(queue, unsettled());
        assertThat(outcomes).containsExactly(DeliveryOutcome.RELEASED);
        assertThat(queue.outstanding()).isZero();
    }

    @Test
    void eachDeliveryCompletesExactlyOnce() {
        OutboundQueue queue = new OutboundQueue(100);
        RoutedDelivery delivery = unsettled();
        offer(queue, delivery);
        queue.sent(queue.poll());
        queue.settled(delivery, DeliveryOutcome.ACCEPTED);
        queue.settled(delivery, DeliveryOutcome.rejected("amqp:internal-error", "late"));
        queue.close();
        assertThat(outcomes).containsExactly(DeliveryOutcome.ACCEPTED);
    }

    @Test
    void unsettledListSurvivesSettlementInAnyOrder() {
        OutboundQueue queue = new OutboundQueue(100);
        List<RoutedDelivery> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RoutedDelivery d = unsettled();
            all.add(d);
            offer(queue, d);
            queue.sent(queue.poll());
        }
        for (int i : new int[] {5, 0, 9, 3, 4}) {
            queue.settled(all.get(i), DeliveryOutcome.ACCEPTED);
        }
        assertThat(queue.unsettledCount()).isEqualTo(5);
        queue.close();
        assertThat(outcomes).filteredOn(o -> o == DeliveryOutcome.ACCEPTED).hasSize(5);
        assertThat(outcomes).filteredOn(o -> o == DeliveryOutcome.MODIFIED_FAILED).hasSize(5);
    }

    @Test
    void presettledDeliveriesBeyondTheLimitAreDroppedAndCounted() {
        OutboundQueue queue = new OutboundQueue(2);
        for (int i = 0; i < 5; i++) {
            offer(queue, presettled().exclusive());
        }
        assertThat(queue.pendingCount()).isEqualTo(2);
        assertThat(queue.droppedPresettled()).isEqualTo(3);
        assertThat(queue.outstanding()).isEqualTo(2);
        queue.sent(queue.poll());
        assertThat(queue.outstanding()).isEqualTo(1);
        // pre-settled copies report when they leave, so that their producer's credit window can move on
        assertThat(outcomes).containsExactly(DeliveryOutcome.RELEASED, DeliveryOutcome.RELEASED,
                DeliveryOutcome.RELEASED, DeliveryOutcome.ACCEPTED);
    }

    @Test
    void handOffsArriveInOrderAndOnlyTheFirstOfABurstAsksForADrain() {
        OutboundQueue queue = new OutboundQueue(100);
        RoutedDelivery first = unsettled();
        RoutedDelivery second = unsettled();
        RoutedDelivery third = unsettled();
        assertThat(queue.handOff(first)).isTrue();
        assertThat(queue.handOff(second)).isFalse();
        assertThat(queue.handOff(third)).isFalse();
        assertThat(queue.outstanding()).isEqualTo(3);
        assertThat(queue.acceptHandOffs()).isEqualTo(3);
        assertThat(queue.poll()).isSameAs(first);
        assertThat(queue.poll()).isSameAs(second);
        assertThat(queue.poll()).isSameAs(third);
        assertThat(queue.handOff(unsettled())).as("empty again: the next burst asks again").isTrue();
    }

    @Test
    void handOffsFromManyThreadsAreAllAcceptedOnceEachInPerThreadOrder() throws Exception {
        OutboundQueue queue = new OutboundQueue(1_000_000);
        int threads = 4;
        int perThread = 20_000;
        java.util.Map<RoutedDelivery, int[]> origin = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger drainRequests = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] producers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            producers[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    RoutedDelivery d = unsettled();
                    origin.put(d, new int[] {thread, i});
                    if (queue.handOff(d)) {
                        drainRequests.incrementAndGet();
                    }
                }
            });
            producers[t].start();
        }
        int[] lastSeen = new int[threads];
        java.util.Arrays.fill(lastSeen, -1);
        int received = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (received < threads * perThread && System.nanoTime() < deadline) {
            queue.acceptHandOffs();
            RoutedDelivery d;
            while ((d = queue.poll()) != null) {
                int[] from = origin.get(d);
                assertThat(from[1]).as("order within producer %d", from[0]).isGreaterThan(lastSeen[from[0]]);
                lastSeen[from[0]] = from[1];
                received++;
            }
        }
        for (Thread producer : producers) {
            producer.join();
        }
        assertThat(received).isEqualTo(threads * perThread);
        assertThat(drainRequests.get()).isPositive().isLessThanOrEqualTo(threads * perThread);
    }

    @Test
    void handOffsPendingWhenTheLinkClosesAreReleased() {
        OutboundQueue queue = new OutboundQueue(100);
        queue.handOff(unsettled());
        queue.handOff(unsettled());
        queue.close();
        assertThat(outcomes).containsExactly(DeliveryOutcome.RELEASED, DeliveryOutcome.RELEASED);
        assertThat(queue.outstanding()).isZero();
    }

    @Test
    void aStalledMulticastMemberStopsPacingItsProducerAndDropsPastTheLimit() {
        OutboundQueue queue = new OutboundQueue(4);
        for (int i = 0; i < 3; i++) {
            offer(queue, presettled());   // multicast copies: not exclusive
        }
        assertThat(outcomes).as("a member that is merely behind still paces its producer").isEmpty();
        assertThat(queue.behind()).isTrue();
        queue.markStalled();
        assertThat(outcomes).as("a stalled member's queued copies stop holding the producer's window").hasSize(3);
        offer(queue, presettled());
        offer(queue, presettled());
        assertThat(outcomes).as("the next is counted out at once, the one past the limit dropped").hasSize(5);
        assertThat(queue.droppedPresettled()).isEqualTo(1);
        queue.sent(queue.poll());
        assertThat(queue.stalled()).as("taking one ends the stall").isFalse();
        assertThat(outcomes).as("a copy counted out early reports nothing when it is sent").hasSize(5);
        offer(queue, presettled());
        assertThat(outcomes).as("after the stall copies pace the producer again").hasSize(5);
    }

    @Test
    void anAnycastPreSettledCopyPacesItsProducerUntilSent() {
        OutboundQueue queue = new OutboundQueue(4);
        for (int i = 0; i < 4; i++) {
            offer(queue, presettled().exclusive());
        }
        assertThat(outcomes).as("anycast copies wait for credit and keep pacing the producer").isEmpty();
        queue.sent(queue.poll());
        assertThat(outcomes).containsExactly(DeliveryOutcome.ACCEPTED);
    }
}
