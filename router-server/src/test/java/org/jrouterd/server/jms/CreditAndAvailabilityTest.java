package org.jrouterd.server.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Credit follows consumers over time, and an unavailable address refuses clients plainly. */
@Timeout(60)
class CreditAndAvailabilityTest {

    @Test
    void aSenderBlockedAfterItsConsumerLeftResumesWhenAnotherConsumerAttaches() throws Exception {
        try (Router router = Router.builder().id("Credit").listener("127.0.0.1", 0).start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port());
            try (Connection producing = factory.createConnection();
                 Connection consuming = factory.createConnection()) {
                consuming.start();
                Session consumerSession = consuming.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer first = consumerSession.createConsumer(consumerSession.createQueue("work"));
                Session sending = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = sending.createProducer(sending.createQueue("work"));
                CompletableFuture<Void> early = CompletableFuture.runAsync(() -> send(producer, sending, "early"));
                assertThat(((TextMessage) first.receive(10_000)).getText()).isEqualTo("early");
                early.get(10, TimeUnit.SECONDS);

                first.close();   // last consumer gone: the router asks the sender to drain its credit
                await().atMost(Duration.ofSeconds(10)).until(() -> router.consumerCount("work") == 0);

                MessageConsumer second = consumerSession.createConsumer(consumerSession.createQueue("work"));
                await().atMost(Duration.ofSeconds(10)).until(() -> router.consumerCount("work") == 1);
                CompletableFuture<Void> late = CompletableFuture.runAsync(() -> send(producer, sending, "late"));
                TextMessage message = (TextMessage) second.receive(10_000);
                assertThat(message).as("credit came back with the new consumer").isNotNull();
                assertThat(message.getText()).isEqualTo("late");
                late.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anUnavailableAddressRefusesConsumersProducersAndAnonymousMessages() throws Exception {
        try (Router router = Router.builder().id("Closed").listener("127.0.0.1", 0)
                .address(AddressConfig.prefix("closed", Distribution.UNAVAILABLE)).start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port());
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThatThrownBy(() -> session.createConsumer(session.createQueue("closed.orders")))
                        .isInstanceOf(JMSException.class).hasMessageContaining("unavailable");
                assertThatThrownBy(() -> session.createProducer(session.createQueue("closed.orders")))
                        .isInstanceOf(JMSException.class).hasMessageContaining("unavailable");
                MessageProducer anonymous = session.createProducer(null);
                assertThatThrownBy(() -> anonymous.send(session.createQueue("closed.orders"),
                        session.createTextMessage("x"))).isInstanceOf(JMSException.class)
                        .hasMessageContaining("unavailable");
            }
        }
    }

    private static void send(MessageProducer producer, Session session, String text) {
        try {
            producer.send(session.createTextMessage(text));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
