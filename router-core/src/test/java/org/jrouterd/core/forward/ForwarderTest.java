package org.jrouterd.core.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.RoutedDelivery;
import org.junit.jupiter.api.Test;

class ForwarderTest {

    private static final ReadableBuffer PAYLOAD =
            ReadableBuffer.ByteBufferReader.wrap("encoded message".getBytes(StandardCharsets.US_ASCII));

    private static AddressRoute route(Distribution distribution, ConsumerEndpoint... consumers) {
        return new AddressRoute("q", distribution, consumers);
    }

    private static Forwarder.Result send(AddressRoute route, RecordingSource source, int cursor) {
        return Forwarder.forward(route, PAYLOAD, 0, false, source, cursor);
    }

    @Test
    void messageToAnAddressWithoutRouteHasNoRoute() {
        assertThat(send(null, new RecordingSource(), 0)).isEqualTo(Forwarder.Result.NO_ROUTE);
        assertThat(send(route(Distribution.BALANCED), new RecordingSource(), 0)).isEqualTo(Forwarder.Result.NO_ROUTE);
        assertThat(send(route(Distribution.MULTICAST), new RecordingSource(), 0))
                .isEqualTo(Forwarder.Result.NO_ROUTE);
    }

    @Test
    void unavailableAddressRefusesEvenWithConsumers() {
        RecordingConsumer a = new RecordingConsumer("a");
        assertThat(send(route(Distribution.UNAVAILABLE, a), new RecordingSource(), 0))
                .isEqualTo(Forwarder.Result.UNAVAILABLE);
        assertThat(a.queue().pendingCount()).isZero();
    }

    @Test
    void closestSpreadsTiesAcrossConsumersInTurn() {
        RecordingConsumer a = new RecordingConsumer("a");
        RecordingConsumer b = new RecordingConsumer("b");
        RecordingConsumer c = new RecordingConsumer("c");
        AddressRoute route = route(Distribution.CLOSEST, a, b, c);
        for (int i = 0; i < 9; i++) {
            assertThat(send(route, new RecordingSource(), i)).isEqualTo(Forwarder.Result.FORWARDED);
        }
        assertThat(a.queue().pendingCount()).isEqualTo(3);
        assertThat(b.queue().pendingCount()).isEqualTo(3);
        assertThat(c.queue().pendingCount()).isEqualTo(3);
    }

    @Test
    void balancedPicksTheConsumerWithFewestOutstandingDeliveries() {
        RecordingConsumer busy = new RecordingConsumer("busy");
        RecordingConsumer idle = new RecordingConsumer("idle");
        AddressRoute route = route(Distribution.BALANCED, busy, idle);
        for (int i = 0; i < 5; i++) {
            busy.deliver(new RoutedDelivery(PAYLOAD, 0, false, new RecordingSource()));
        }
        for (int i = 0; i < 5; i++) {
            send(route, new RecordingSource(), 0);      // cursor always starts at "busy"
        }
        assertThat(idle.outstanding()).isEqualTo(5);
        assertThat(busy.outstanding()).isEqualTo(5);
        send(route, new RecordingSource(), 0);
        assertThat(busy.outstanding() + idle.outstanding()).isEqualTo(11);
    }

    @Test
    void balancedSendsToAConsumerAgainOnceItSettles() {
        RecordingConsumer a = new RecordingConsumer("a");
        RecordingConsumer b = new RecordingConsumer("b");
        AddressRoute route = route(Distribution.BALANCED, a, b);
        send(route, new RecordingSource(), 0);
        send(route, new RecordingSource(), 0);
        assertThat(a.outstanding()).isEqualTo(1);
        assertThat(b.outstanding()).isEqualTo(1);
        a.sendAll();
        a.settleAll(DeliveryOutcome.ACCEPTED);
        send(route, new RecordingSource(), 1);          // cursor starts at b, but a has fewer outstanding
        assertThat(a.outstanding()).isEqualTo(1);
        assertThat(b.outstanding()).isEqualTo(1);
    }

    @Test
    void multicastSendsOneCopyToEveryConsumer() {
        RecordingConsumer a = new RecordingConsumer("a");
        RecordingConsumer b = new RecordingConsumer("b");
        RecordingConsumer c = new RecordingConsumer("c");
        assertThat(send(route(Distribution.MULTICAST, a, b, c), new RecordingSource(), 0))
                .isEqualTo(Forwarder.Result.FORWARDED);
        assertThat(a.queue().pendingCount()).isEqualTo(1);
        assertThat(b.queue().pendingCount()).isEqualTo(1);
        assertThat(c.queue().pendingCount()).isEqualTo(1);
    }

    @Test
    void anycastRelaysTheConsumersOutcomeToTheProducer() {
        RecordingConsumer a = new RecordingConsumer("a");
        AddressRoute route = route(Distribution.BALANCED, a);
        RecordingSource accepted = new RecordingSource();
        RecordingSource rejected = new RecordingSource();
        send(route, accepted, 0);
        a.sendAll();
        a.settleAll(DeliveryOutcome.ACCEPTED);
        send(route, rejected, 0);
        a.sendAll();
        a.settleAll(DeliveryOutcome.rejected("amqp:invalid-field", "bad"));
        assertThat(accepted.outcomes()).containsExactly(DeliveryOutcome.ACCEPTED);
        assertThat(rejected.outcomes()).containsExactly(DeliveryOutcome.rejected("amqp:invalid-field", "bad"));
        assertThat(a.outstanding()).isZero();
    }

    @Test
    void multicastOutcomeReachesTheProducerOnceAfterEveryCopySettles() {
        RecordingConsumer a = new RecordingConsumer("a");
        RecordingConsumer b = new RecordingConsumer("b");
        RecordingSource source = new RecordingSource();
        send(route(Distribution.MULTICAST, a, b), source, 0);
        a.sendAll();
        b.sendAll();
        a.settleAll(DeliveryOutcome.RELEASED);
        assertThat(source.outcomes()).isEmpty();
        b.settleAll(DeliveryOutcome.ACCEPTED);
        assertThat(source.outcomes()).containsExactly(DeliveryOutcome.ACCEPTED);
    }

    @Test
    void presettledCopiesReportOnceEachWhenTheyLeaveTheRouter() {
        RecordingConsumer a = new RecordingConsumer("a");
        RecordingConsumer b = new RecordingConsumer("b");
        RecordingSource source = new RecordingSource();
        Forwarder.forward(route(Distribution.MULTICAST, a, b), PAYLOAD, 0, true, source, 0);
        assertThat(source.outcomes()).isEmpty();
        assertThat(a.sendAll()).hasSize(1);
        assertThat(b.sendAll()).hasSize(1);
        a.settleAll(DeliveryOutcome.rejected("amqp:internal-error", "ignored"));
        assertThat(source.outcomes()).containsExactly(DeliveryOutcome.ACCEPTED, DeliveryOutcome.ACCEPTED);
        assertThat(a.outstanding()).isZero();
    }
}
