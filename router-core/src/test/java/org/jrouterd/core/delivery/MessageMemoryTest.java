package org.jrouterd.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.junit.jupiter.api.Test;

class MessageMemoryTest {

    @Test
    void overLimitOnceHeldReachesTheLimitAndWaitersWakeBelowLowWater() {
        MessageMemory memory = new MessageMemory(1000);
        AtomicInteger woken = new AtomicInteger();
        memory.charge(999);
        assertThat(memory.overLimit()).isFalse();
        memory.charge(1);
        assertThat(memory.overLimit()).isTrue();
        memory.whenBelowLowWater(woken::incrementAndGet);
        memory.discharge(200);   // 800: below the limit, not below the low-water mark (750)
        assertThat(memory.overLimit()).isFalse();
        assertThat(woken).hasValue(0);
        memory.discharge(51);    // 749
        assertThat(woken).hasValue(1);
        memory.discharge(749);
        assertThat(woken).as("a waiter wakes once").hasValue(1);
        assertThat(memory.held()).isZero();
        assertThat(memory.peak()).isEqualTo(1000);
        assertThat(memory.pauses()).isEqualTo(1);
    }

    @Test
    void aWaiterRegisteredWhenThereIsAlreadyRoomRunsAtOnce() {
        MessageMemory memory = new MessageMemory(1000);
        AtomicInteger woken = new AtomicInteger();
        memory.whenBelowLowWater(woken::incrementAndGet);
        assertThat(woken).hasValue(1);
    }

    @Test
    void oneConnectionAtATimeMayReadPastTheLimitAndReleasingTheTokenWakesTheOthers() {
        MessageMemory memory = new MessageMemory(100);
        memory.chargePartial(150);
        Object first = new Object();
        Object second = new Object();
        AtomicInteger woken = new AtomicInteger();
        assertThat(memory.tryTakeOversize(first)).isTrue();
        assertThat(memory.tryTakeOversize(first)).as("the holder keeps it").isTrue();
        assertThat(memory.tryTakeOversize(second)).isFalse();
        memory.whenBelowLowWater(woken::incrementAndGet);
        memory.releaseOversize(second);
        assertThat(woken).as("releasing a token one does not hold does nothing").hasValue(0);
        memory.releaseOversize(first);
        assertThat(woken).hasValue(1);
        assertThat(memory.tryTakeOversize(second)).isTrue();
    }

    @Test
    void noConnectionReadsPastTheLimitWhileWholeMessagesHoldTheBudget() {
        MessageMemory memory = new MessageMemory(100);
        memory.charge(80);          // routed, waiting for consumers: they will drain
        memory.chargePartial(30);
        Object owner = new Object();
        assertThat(memory.tryTakeOversize(owner)).isFalse();
        memory.discharge(10);       // 70 routed: below the low-water mark (75)
        assertThat(memory.tryTakeOversize(owner)).isTrue();
        memory.chargePartial(-30);  // routed now
        memory.charge(30);
        assertThat(memory.held()).isEqualTo(100);
        assertThat(memory.partial()).isZero();
    }

    @Test
    void defaultLimitIsAQuarterOfTheHeapAndAtLeastEightMebibytes() {
        assertThat(MessageMemory.defaultLimit(256L << 20)).isEqualTo(64L << 20);
        assertThat(MessageMemory.defaultLimit(16L << 20)).isEqualTo(8L << 20);
        assertThatThrownBy(() -> new MessageMemory(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOutboundQueueChargesEveryCopyAndLetsGoOfThoseItDropsOrReleases() {
        MessageMemory memory = new MessageMemory(1 << 20);
        OutboundQueue queue = new OutboundQueue(2, memory);
        RoutedDelivery unsettled = copy(100, false);
        RoutedDelivery presettled = copy(10, true);
        RoutedDelivery dropped = copy(7, true);
        for (RoutedDelivery delivery : new RoutedDelivery[] {unsettled, presettled, dropped}) {
            queue.reserve(delivery);
            queue.offer(delivery);
        }
        assertThat(memory.held()).as("the third copy is dropped: the queue holds two at most before it drops pre-settled ones")
                .isEqualTo(110);
        RoutedDelivery sent = queue.poll();
        queue.sent(sent);
        queue.discharge(sent.size());   // what the link does once the copy is framed
        assertThat(memory.held()).isEqualTo(10);
        queue.close();
        assertThat(memory.held()).as("a copy released on close lets go of its bytes").isZero();
        RoutedDelivery late = copy(5, false);
        queue.handOff(late);
        queue.acceptHandOffs();
        assertThat(memory.held()).as("a copy offered to a closed queue is released at once").isZero();
    }

    private static RoutedDelivery copy(int size, boolean presettled) {
        return new RoutedDelivery(ReadableBuffer.ByteBufferReader.allocate(size), 0, presettled, outcome -> { });
    }
}
