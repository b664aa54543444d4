package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.junit.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderQueueTest {

    // One router for all tests of this class, on 127.0.0.1 and a free port.
    @RegisterExtension
    static final RouterExtension router = RouterExtension.create();

    @Test
    void anOrderSentIsReceived() throws Exception {
        try (Connection connection = new JmsConnectionFactory(router.url()).createConnection()) {
            connection.start();

            // The consumer first: the router stores nothing, a sender waits until there is a consumer.
            Session consumerSession = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue("orders"));
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            consumer.setMessageListener(received::add);   // accepts each message when onMessage returns
            router.awaitConsumer("orders");

            // A synchronous send returns once the consumer has accepted the message (end-to-end settlement).
            Session producerSession = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = producerSession.createProducer(producerSession.createQueue("orders"));
            producer.send(producerSession.createTextMessage("order 1"));

            Message order = received.poll(10, TimeUnit.SECONDS);
            assertEquals("order 1", order.getBody(String.class));
        }
    }
}
