package org.jrouterd.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.core.delivery.DeliveryClock;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivery counts management shows on the {@code router} and {@code router.address} entities, read through
 * real AMQP management requests while clients come and go.
 */
@Timeout(60)
class DeliveryCountersTest {

    private Router router;
    private ManagementClient management;

    @BeforeEach
    void start() throws Exception {
        router = Router.builder().id("DC").listener("127.0.0.1", 0).start();
        management = new ManagementClient(router.port());
    }

    @AfterEach
    void stop() throws Exception {
        management.close();
        router.close();
    }

    private Map<String, Object> readRouter() throws Exception {
        ManagementClient.Response response = management.request("READ", "router", Map.of("name", "DC"), Map.of());
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private Map<String, Object> readAddress(String key) throws Exception {
        ManagementClient.Response response = management.read("router.address", key);
        assertThat(response.status()).as(response.description()).isEqualTo(200);
        return response.body();
    }

    private static long count(Map<String, Object> entity, String attribute) {
        return ((Number) entity.get(attribute)).longValue();
    }

    @Test
    void routerTotalsKeepTheCountsOfLinksThatHaveGoneAndAddressesCountTheirOwn() throws Exception {
        Map<String, Object> before = readRouter();
        Connection client = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port()).createConnection();
        try {
            client.start();
            Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // The router settles a producer's message with its consumer's outcome: the consumer must take
            // messages while the producer waits.
            AtomicInteger received = new AtomicInteger();
            Session receiving = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            receiving.createConsumer(receiving.createQueue("counted")).setMessageListener(m -> received.incrementAndGet());
            MessageProducer producer = session.createProducer(session.createQueue("counted"));
            for (int i = 0; i < 5; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            assertThat(received.get()).isEqualTo(5);
            Map<String, Object> address = readAddress("M0counted");
            assertThat(count(address, "deliveriesIngress")).isEqualTo(5);
            assertThat(count(address, "deliveriesEgress")).isEqualTo(5);
            assertThat(count(address, "deliveriesTransit")).isZero();
            Map<String, Object> agent = readAddress("M0$management");
            assertThat(count(agent, "deliveriesToContainer")).as("requests to the agent").isPositive();
        } finally {
            client.close();
        }
        Conditions.await("the client's links are gone", () -> count(readRouter(), "linkCount") <= 3);   // the management client's own

        Map<String, Object> after = readRouter();
        assertThat(count(after, "deliveriesIngress") - count(before, "deliveriesIngress"))
                .as("5 messages and the management requests made meanwhile").isGreaterThanOrEqualTo(5);
        assertThat(count(after, "deliveriesEgress") - count(before, "deliveriesEgress")).isGreaterThanOrEqualTo(5);
        assertThat(count(after, "acceptedDeliveries") - count(before, "acceptedDeliveries"))
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void aDeliveryHeldOverASecondBeforeItsConsumerSettlesCountsAsDelayed() throws Exception {
        Connection client = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port()).createConnection();
        try {
            client.start();
            Session session = client.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("slow"));
            Session sending = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            CountDownLatch settled = new CountDownLatch(1);
            sending.createProducer(sending.createQueue("slow")).send(sending.createTextMessage("held"),
                    new CompletionListener() {
                        @Override
                        public void onCompletion(Message message) {
                            settled.countDown();
                        }

                        @Override
                        public void onException(Message message, Exception exception) {
                        }
                    });
            Message held = consumer.receive(10_000);
            assertThat(held).isNotNull();
            long received = DeliveryClock.millis();
            assertThat(count(readRouter(), "deliveriesDelayed1Sec")).isZero();
            // The scenario is a consumer that holds the message: the wait is the point of the test.
            Conditions.await("the message has been held over a second",
                    () -> DeliveryClock.millis() - received > DeliveryClock.DELAYED_MILLIS + 200);
            held.acknowledge();
            assertThat(settled.await(10, TimeUnit.SECONDS)).as("the producer learns the outcome").isTrue();
            Conditions.await("the settled delivery counts as delayed",
                    () -> count(readRouter(), "deliveriesDelayed1Sec") == 1);
            assertThat(count(readRouter(), "deliveriesDelayed10Sec")).isZero();
            assertThat(count(readRouter(), "deliveriesStuck")).isZero();
        } finally {
            client.close();
        }
    }
}
