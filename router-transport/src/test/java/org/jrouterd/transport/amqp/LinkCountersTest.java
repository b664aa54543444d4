package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import org.jrouterd.core.delivery.DeliveryOutcome;
import org.junit.jupiter.api.Test;

/** The sampled figures of a link: settle rate and seconds without credit, on a clock the test moves. */
class LinkCountersTest {

    @Test
    void settleRateIsTheSettledDeliveriesPerSecondSinceTheLastSampleASecondOld() {
        LinkCounters counters = new LinkCounters(1, 0);
        for (int i = 0; i < 20; i++) {
            counters.outcome(DeliveryOutcome.Kind.ACCEPTED);
        }
        counters.outcome(DeliveryOutcome.Kind.RELEASED);   // not counted in the rate, as in qdrouterd
        counters.presettled = 10;

        assertThat(read(counters, 500, 5, 0).settleRate()).as("no sample a second old yet").isZero();
        assertThat(read(counters, 2_000, 5, 0).settleRate()).as("30 in 2 s").isEqualTo(15);

        counters.outcome(DeliveryOutcome.Kind.REJECTED);
        assertThat(read(counters, 2_400, 5, 0).settleRate()).as("pollers faster than 1 s read the same rate")
                .isEqualTo(15);
        assertThat(read(counters, 4_000, 5, 0).settleRate()).as("1 in 2 s, rounded down").isZero();
    }

    @Test
    void anIncomingLinkDoesNotCountDroppedPresettledDeliveriesAsSettled() {
        LinkCounters counters = new LinkCounters(1, 0);
        counters.presettled = 10;

        assertThat(counters.snapshot(1_000, "in", LinkSnapshot.DIR_IN, null, 1, 250, 5, 0, 0, 10, 4, 0).settleRate())
                .isEqualTo(6);
    }

    @Test
    void zeroCreditSecondsCountFromTheFirstSampleWithoutCreditAndNoDeliverySince() {
        LinkCounters counters = new LinkCounters(1, 0);

        assertThat(read(counters, 3_000, 0, 0).zeroCreditSeconds()).as("no credit since it attached").isEqualTo(3);
        assertThat(read(counters, 4_000, 2, 0).zeroCreditSeconds()).isZero();
        assertThat(read(counters, 5_000, 0, 2).zeroCreditSeconds()).as("first seen without").isZero();
        assertThat(read(counters, 9_000, 0, 2).zeroCreditSeconds()).isEqualTo(4);
        assertThat(read(counters, 10_000, 0, 3).zeroCreditSeconds()).as("a delivery meant credit meanwhile")
                .isZero();
    }

    @Test
    void settledDeliveriesHeldOverOneOrTenSecondsCountAsDelayedAndStuckOnesAreReportedAsGiven() {
        LinkCounters counters = new LinkCounters(1, 0);
        counters.settledAfter(900);
        counters.settledAfter(1_001);
        counters.settledAfter(9_999);
        counters.settledAfter(10_001);

        LinkSnapshot snapshot = counters.snapshot(1_000, "out", LinkSnapshot.DIR_OUT, "a", 1, 250, 5, 0, 1, 4, 0, 1);
        assertThat(snapshot.deliveriesDelayed1Sec()).isEqualTo(2);
        assertThat(snapshot.deliveriesDelayed10Sec()).isEqualTo(1);
        assertThat(snapshot.deliveriesStuck()).isEqualTo(1);
    }

    private static LinkSnapshot read(LinkCounters counters, long nowMillis, int credit, long deliveries) {
        return counters.snapshot(nowMillis, "link", LinkSnapshot.DIR_OUT, "a", 1, 250, credit, 0, 0, deliveries, 0, 0);
    }
}
