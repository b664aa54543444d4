package org.jrouterd.server.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Random;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages that span many frames: routed intact up to the size limit, refused beyond it. */
@Timeout(120)
class LargeMessageTest {

    @Test
    void aFiveMebibyteMessageArrivesIntact() throws Exception {
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(body);
        try (Router router = Router.builder().id("Large").listener("127.0.0.1", 0).start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port());
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("large"));
                Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = sending.createProducer(sending.createQueue("large"));
                producer.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
                BytesMessage message = sending.createBytesMessage();
                message.writeBytes(body);
                producer.send(message);
                BytesMessage received = (BytesMessage) consumer.receive(30_000);
                assertThat(received).isNotNull();
                byte[] copy = new byte[(int) received.getBodyLength()];
                received.readBytes(copy);
                assertThat(copy).isEqualTo(body);
            }
        }
    }

    @Test
    void aMessageOverTheLimitIsRefusedAndTheConnectionKeepsWorking() throws Exception {
        try (Router router = Router.builder().id("Oversize").listener("127.0.0.1", 0).start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port());
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("huge"));
                Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = sending.createProducer(sending.createQueue("huge"));
                BytesMessage huge = sending.createBytesMessage();
                huge.writeBytes(new byte[65 * 1024 * 1024]);
                assertThatThrownBy(() -> producer.send(huge)).hasStackTraceContaining("message-size-exceeded");

                // Only that link was closed: this connection's consumer still receives, here from another client
                // (sending asynchronously: a synchronous send would wait for an acceptance that needs receive()).
                JmsConnectionFactory async = new JmsConnectionFactory(
                        "amqp://127.0.0.1:" + router.port() + "?jms.forceAsyncSend=true");
                try (Connection other = async.createConnection()) {
                    Session again = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    again.createProducer(again.createQueue("huge")).send(again.createTextMessage("still here"));
                    TextMessage received = (TextMessage) consumer.receive(10_000);
                    assertThat(received).isNotNull();
                    assertThat(received.getText()).isEqualTo("still here");
                }
            }
        }
    }
}
