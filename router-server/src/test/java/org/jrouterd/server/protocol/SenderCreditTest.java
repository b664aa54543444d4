package org.jrouterd.server.protocol;

import org.apache.qpid.protonj2.test.driver.ProtonTestClient;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Credit for links on which clients send to the router (PROTOCOL.md §2, "No consumer"): a sender with a fixed
 * target gets no credit until its address has a consumer, then the listener's full link capacity; an
 * anonymous-relay sender gets credit at once.
 */
@Timeout(30)
class SenderCreditTest {

    private static final int LINK_CAPACITY = 250;

    private Router router;

    @BeforeEach
    void startRouter() {
        router = Router.builder().id("Router.Credit").ioThreads(2).listener(PeerScripts.HOST, 0).start();
    }

    @AfterEach
    void stopRouter() {
        router.close();
    }

    @Test
    void senderGetsNoCreditUntilAConsumerAttachesToItsAddress() {
        try (ProtonTestClient producer = PeerScripts.connectAndBegin(router.port());
             ProtonTestClient consumer = PeerScripts.connectAndBegin(router.port())) {
            // The router's attach for the waiting sender carries no credit, and no flow follows it: the script
            // has no flow expectation, so a flow would fail it.
            PeerScripts.attachSender(producer, "waiting-sender", 0, "credit.waiting");

            // Barrier: a second sender on an address that already has a consumer. Its attach is queued to the
            // core thread after the first one and its flow comes back through the same connection, so any flow
            // the router meant for the waiting sender would have arrived before it and failed the script.
            PeerScripts.attachReceiver(consumer, "barrier-receiver", 0, "credit.barrier", 10);
            producer.expectAttach().ofReceiver().withName("barrier-sender").withHandle(1);
            producer.expectFlow().withHandle(1).withLinkCredit(LINK_CAPACITY);
            PeerScripts.senderAttach(producer, "barrier-sender", 1, "credit.barrier").now();
            PeerScripts.await(producer);

            // Now a consumer attaches to the waiting sender's address: the sender gets a flow with full credit.
            producer.expectFlow().withHandle(0).withDeliveryCount(0).withLinkCredit(LINK_CAPACITY)
                    .withPredicate(flow -> !Boolean.TRUE.equals(flow.getDrain()));
            PeerScripts.attachReceiver(consumer, "late-receiver", 1, "credit.waiting", 10);
            PeerScripts.await(producer);

            // The credit is real: a message now reaches the consumer and its acceptance comes back.
            consumer.expectTransfer().withHandle(1).withDeliveryId(0).withSettled(false).accept();
            producer.expectDisposition().withFirst(0).withSettled(true).withState().accepted();
            PeerScripts.sendUnsettled(producer, 0, 0, "now it has somewhere to go");
            PeerScripts.await(consumer);
            PeerScripts.await(producer);
        }
    }

    @Test
    void anonymousRelaySenderGetsCreditAtOnce() {
        try (ProtonTestClient producer = PeerScripts.connectWithSaslAndBegin(router.port())) {
            producer.expectAttach().ofReceiver().withName("anonymous-sender");
            producer.expectFlow().withHandle(0).withDeliveryCount(0).withLinkCredit(LINK_CAPACITY);
            PeerScripts.senderAttach(producer, "anonymous-sender", 0, null).now();
            PeerScripts.await(producer);
        }
    }
}
