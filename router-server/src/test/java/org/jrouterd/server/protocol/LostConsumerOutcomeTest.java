package org.jrouterd.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.qpid.protonj2.test.driver.ProtonTestClient;
import org.apache.qpid.protonj2.test.driver.codec.messaging.Modified;
import org.apache.qpid.protonj2.test.driver.codec.messaging.Released;
import org.apache.qpid.protonj2.test.driver.codec.transport.Disposition;
import org.apache.qpid.protonj2.test.driver.codec.transport.Role;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a producer hears when the consumer of its unsettled deliveries goes away (PROTOCOL.md §2, "Lost outbound
 * link/connection"): deliveries still queued in the router are RELEASED, deliveries already sent to the consumer
 * but not settled by it are MODIFIED with delivery-failed, both settled; none is ever reported accepted. The
 * producer's link, whose address has no consumer left, is drained.
 */
@Timeout(30)
class LostConsumerOutcomeTest {

    private static final String ADDRESS = "lost.consumer";
    private static final int SENT_TO_CONSUMER = 0;
    private static final int QUEUED_FIRST = 1;
    private static final int QUEUED_SECOND = 2;

    private Router router;

    @BeforeEach
    void startRouter() {
        router = Router.builder().id("Router.Lost").ioThreads(2).listener(PeerScripts.HOST, 0).start();
    }

    @AfterEach
    void stopRouter() {
        router.close();
    }

    @Test
    void releasesQueuedAndFailsUnsettledDeliveriesWhenTheConsumerDetaches() {
        loseTheConsumerWithDeliveriesInFlight(consumer -> {
            consumer.expectDetach().withHandle(0).withClosed(true);
            consumer.remoteDetach().withHandle(0).withClosed(true).now();
            PeerScripts.await(consumer);
        });
    }

    @Test
    void releasesQueuedAndFailsUnsettledDeliveriesWhenTheConsumerConnectionDrops() {
        loseTheConsumerWithDeliveriesInFlight(ProtonTestClient::dropConnection);
    }

    private void loseTheConsumerWithDeliveriesInFlight(Consumer<ProtonTestClient> loseConsumer) {
        try (ProtonTestClient consumer = PeerScripts.connectAndBegin(router.port());
             ProtonTestClient producer = PeerScripts.connectAndBegin(router.port())) {
            PeerScripts.attachReceiver(consumer, "doomed-receiver", 0, ADDRESS, 0);
            producer.expectAttach().ofReceiver().withName("sender");
            producer.expectFlow().withHandle(0).withLinkCredit(250);
            PeerScripts.senderAttach(producer, "sender", 0, ADDRESS).now();
            PeerScripts.await(producer);

            PeerScripts.sendUnsettled(producer, 0, SENT_TO_CONSUMER, "will be sent, never settled");
            PeerScripts.sendUnsettled(producer, 0, QUEUED_FIRST, "will wait for credit");
            PeerScripts.sendUnsettled(producer, 0, QUEUED_SECOND, "will wait for credit too");
            // Barrier: the router answers this begin only after it has routed the three transfers before it.
            producer.expectBegin();
            producer.remoteBegin().onChannel(1).now();
            PeerScripts.await(producer);

            // The consumer takes one delivery and keeps it unsettled; the other two wait in the router for credit
            // (should one still be on its way to the consumer's link when the link goes, it is released all the
            // same: the outcome does not depend on that race).
            consumer.expectTransfer().withHandle(0).withDeliveryId(0).withSettled(false);
            PeerScripts.grantCredit(consumer, 0, 0, 1);
            PeerScripts.await(consumer);

            // Three outcomes and one drain, in an order that is not part of the contract.
            OutcomeFrameRecorder recorder = new OutcomeFrameRecorder();
            recorder.expect(producer, 4);
            loseConsumer.accept(consumer);
            PeerScripts.await(producer);

            Map<Integer, Disposition> outcomes = outcomesById(recorder);
            assertThat(outcomes).containsOnlyKeys(SENT_TO_CONSUMER, QUEUED_FIRST, QUEUED_SECOND);
            assertThat(outcomes.get(SENT_TO_CONSUMER).getState()).isInstanceOfSatisfying(Modified.class,
                    modified -> assertThat(modified.getDeliveryFailed()).isTrue());
            assertThat(outcomes.get(QUEUED_FIRST).getState()).isInstanceOf(Released.class);
            assertThat(outcomes.get(QUEUED_SECOND).getState()).isInstanceOf(Released.class);
            for (Disposition disposition : recorder.dispositions()) {
                assertThat(disposition.getRole()).isEqualTo(Role.RECEIVER.getValue());
                assertThat(disposition.getSettled()).isTrue();
            }
            assertThat(recorder.flows()).singleElement().satisfies(drain -> {
                assertThat(drain.getHandle().intValue()).isZero();
                assertThat(drain.getDrain()).isTrue();
            });

            // Nothing else (in particular no accepted outcome) reaches the producer before it closes.
            producer.expectClose();
            producer.remoteClose().now();
            PeerScripts.await(producer);
        }
    }

    /** The recorded dispositions by delivery id, each range expanded; a delivery reported twice fails. */
    private static Map<Integer, Disposition> outcomesById(OutcomeFrameRecorder recorder) {
        Map<Integer, Disposition> byId = new TreeMap<>();
        for (Disposition disposition : recorder.dispositions()) {
            int first = disposition.getFirst().intValue();
            int last = disposition.getLast() == null ? first : disposition.getLast().intValue();
            for (int id = first; id <= last; id++) {
                assertThat(byId.put(id, disposition)).as("outcomes reported for delivery %d", id).isNull();
            }
        }
        return byId;
    }
}
