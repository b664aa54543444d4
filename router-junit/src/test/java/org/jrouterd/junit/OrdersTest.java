package org.jrouterd.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example of {@link RouterExtension}'s class comment, as written there: it must run as pasted. */
class OrdersTest {
    @RegisterExtension
    static final RouterExtension ROUTER = RouterExtension.create(builder -> builder.id("A"));

    @Test
    void consumerGetsTheOrder() throws Exception {
        ConnectionFactory factory = new JmsConnectionFactory(ROUTER.url() + "?jms.forceAsyncSend=true");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("orders"));
            ROUTER.awaitConsumer("orders");   // the router now routes "orders" to this consumer
            session.createProducer(session.createQueue("orders")).send(session.createTextMessage("one"));
            assertEquals("one", ((TextMessage) consumer.receive(5_000)).getText());
        }
    }
}
