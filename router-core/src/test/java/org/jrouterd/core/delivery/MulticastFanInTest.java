package org.jrouterd.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MulticastFanInTest {

    private static final DeliveryOutcome REJECTED = DeliveryOutcome.rejected("amqp:internal-error", "no");
    private static final DeliveryOutcome MODIFIED = DeliveryOutcome.modified(false, false);

    private static List<DeliveryOutcome> aggregate(DeliveryOutcome... copies) {
        List<DeliveryOutcome> seen = new CopyOnWriteArrayList<>();
        MulticastFanIn fanIn = new MulticastFanIn(seen::add, copies.length);
        for (DeliveryOutcome copy : copies) {
            fanIn.complete(copy);
        }
        return seen;
    }

    @Test
    void acceptedWhenAtLeastOneCopyIsAcceptedAndNoneRejected() {
        assertThat(aggregate(DeliveryOutcome.ACCEPTED, DeliveryOutcome.RELEASED, MODIFIED))
                .containsExactly(DeliveryOutcome.ACCEPTED);
        assertThat(aggregate(DeliveryOutcome.ACCEPTED, DeliveryOutcome.ACCEPTED))
                .containsExactly(DeliveryOutcome.ACCEPTED);
    }

    @Test
    void rejectedWhenAnyCopyIsRejected() {
        assertThat(aggregate(DeliveryOutcome.ACCEPTED, REJECTED, DeliveryOutcome.ACCEPTED)).containsExactly(REJECTED);
    }

    @Test
    void releasedWhenNoCopyReachedAConsumer() {
        assertThat(aggregate(DeliveryOutcome.RELEASED, DeliveryOutcome.RELEASED))
                .containsExactly(DeliveryOutcome.RELEASED);
    }

    @Test
    void modifiedOtherwise() {
        assertThat(aggregate(DeliveryOutcome.RELEASED, DeliveryOutcome.MODIFIED_FAILED))
                .containsExactly(DeliveryOutcome.MODIFIED_FAILED);
        assertThat(aggregate(MODIFIED, MODIFIED)).containsExactly(DeliveryOutcome.MODIFIED_FAILED);
    }

    @Test
    void reportsNothingUntilTheLastCopySettles() {
        List<DeliveryOutcome> seen = new CopyOnWriteArrayList<>();
        MulticastFanIn fanIn = new MulticastFanIn(seen::add, 3);
        fanIn.complete(DeliveryOutcome.ACCEPTED);
        fanIn.complete(DeliveryOutcome.ACCEPTED);
        assertThat(seen).isEmpty();
        fanIn.complete(DeliveryOutcome.RELEASED);
        assertThat(seen).containsExactly(DeliveryOutcome.ACCEPTED);
        assertThatThrownBy(() -> fanIn.complete(DeliveryOutcome.ACCEPTED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void copiesSettlingOnManyThreadsAtOnceReportExactlyOnce() throws Exception {
        int copies = 64;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                List<DeliveryOutcome> seen = new CopyOnWriteArrayList<>();
                MulticastFanIn fanIn = new MulticastFanIn(seen::add, copies);
                CountDownLatch done = new CountDownLatch(copies);
                for (int i = 0; i < copies; i++) {
                    DeliveryOutcome outcome = i == 17 ? DeliveryOutcome.ACCEPTED : DeliveryOutcome.RELEASED;
                    threads.execute(() -> {
                        fanIn.complete(outcome);
                        done.countDown();
                    });
                }
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(seen).containsExactly(DeliveryOutcome.ACCEPTED);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
