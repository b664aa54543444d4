package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A router in a static field: one for the whole class, configured by the builder hook, used with Qpid JMS.
 *
 * <p>Threads: JUnit's thread writes {@code routerBeforeAll} before the tests and they read it.
 */
@Timeout(30)
class RouterExtensionPerClassTest {

    @RegisterExtension
    static final RouterExtension ROUTER = RouterExtension.create(builder -> builder.id("A")
            .address(AddressConfig.prefix("news", Distribution.MULTICAST)));

    private static Router routerBeforeAll;

    @BeforeAll
    static void noteTheRouter() {
        routerBeforeAll = ROUTER.router();
    }

    @Test
    void oneRouterServesEveryTestOfTheClass() {
        assertThat(ROUTER.router()).isSameAs(routerBeforeAll);
    }

    /** A nested class shares the outer class's router: no second one starts for it. */
    @Nested
    class NestedTests {
        @Test
        void nestedClassSharesTheOuterClassRouter() throws Exception {
            assertThat(ROUTER.router()).isSameAs(routerBeforeAll);
            AmqpClients.exchangeProtocolHeaders(ROUTER.host(), ROUTER.port());
        }
    }

    @Test
    void urlHostAndPortNameTheListenerOfTheConfiguredRouter() {
        assertThat(ROUTER.router().id()).isEqualTo("A");
        assertThat(ROUTER.host()).isEqualTo("127.0.0.1");
        assertThat(ROUTER.port()).isEqualTo(ROUTER.router().port()).isPositive();
        assertThat(ROUTER.url()).isEqualTo("amqp://127.0.0.1:" + ROUTER.port());
    }

    /**
     * A synchronous send returns only when the consumer has accepted the message: a JMS consumer accepts when its
     * listener returns (or when {@code receive} hands the message over), so the consumer must be attached, known
     * to the router, and taking messages on another thread than the sender's.
     */
    @Test
    void synchronousSendReturnsOnceAListeningConsumerHasAcceptedTheMessage() throws Exception {
        try (Connection connection = AmqpClients.jms(ROUTER.url())) {
            Session consuming = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            consuming.createConsumer(consuming.createQueue("orders"))
                    .setMessageListener(message -> received.add(text(message)));
            ROUTER.awaitConsumer("orders");
            Session producing = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producing.createProducer(producing.createQueue("orders")).send(producing.createTextMessage("one"));
            assertThat(received).containsExactly("one");
        }
    }

    @Test
    void configuredMulticastAddressReachesEveryAwaitedConsumer() throws Exception {
        try (Connection connection = AmqpClients.jmsAsyncSend(ROUTER.url())) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer first = session.createConsumer(session.createTopic("news.today"));
            MessageConsumer second = session.createConsumer(session.createTopic("news.today"));
            ROUTER.awaitConsumers("news.today", 2, Duration.ofSeconds(10));
            session.createProducer(session.createTopic("news.today")).send(session.createTextMessage("extra"));
            assertThat(((TextMessage) first.receive(10_000)).getText()).isEqualTo("extra");
            assertThat(((TextMessage) second.receive(10_000)).getText()).isEqualTo("extra");
        }
    }

    private static String text(Message message) {
        try {
            return ((TextMessage) message).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void awaitConsumerFailsNamingTheAddressTheRouterAndWhatItSees() {
        assertThatThrownBy(() -> ROUTER.awaitConsumers("nobody-listens", 1, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("router A at " + ROUTER.url())
                .hasMessageContaining("0 consumer(s) on 'nobody-listens' after 200 ms, expected at least 1");
    }
}
