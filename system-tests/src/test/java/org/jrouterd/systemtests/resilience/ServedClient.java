package org.jrouterd.systemtests.resilience;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Proof that a router still serves: a Qpid JMS client attaches a consumer and a producer to one address, sends
 * one message and receives it.
 *
 * <p>Threads: stateless; runs on the calling thread.
 */
final class ServedClient {

    private ServedClient() {
    }

    /** Sends a message to {@code address} through the router on {@code port} and returns the text received. */
    static String roundTrip(int port, String address) throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + port
                + "?amqp.idleTimeout=0&jms.connectTimeout=10000&jms.requestTimeout=10000&jms.sendTimeout=10000");
        // The router settles end to end: a synchronous send would wait for the consumer's accept, which comes
        // only once receive() below runs; so the send is asynchronous.
        JmsConnectionFactory asyncFactory = new JmsConnectionFactory(factory.getRemoteURI() + "&jms.forceAsyncSend=true");
        Connection consuming = factory.createConnection();
        Connection producing = asyncFactory.createConnection();
        try {
            consuming.start();
            Session consumerSession = consuming.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(address));
            Session session = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(address)).send(session.createTextMessage("still serving"));
            Message received = consumer.receive(10_000);
            return received instanceof TextMessage text ? text.getText() : String.valueOf(received);
        } finally {
            producing.close();
            consuming.close();
        }
    }
}
